package dev.parley.crypto.session;

import dev.parley.crypto.kem.MlKemPublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The public half of a signed ML-KEM-768 prekey. The signature is the device's Ed25519 identity
 * signature over {@code "parley-kpk-v1" || id || lastResort || key} (see {@link PrekeySignatures}).
 * A one-time KEM prekey is handed out at most once; a last-resort one is served when the one-time
 * supply is exhausted and is reused until the device replaces it.
 *
 * <p>Immutable and thread-safe; arrays are copied in and out; equality is by content.
 *
 * @param id the device-chosen id, {@code >= 0}
 * @param key the ML-KEM-768 encapsulation key
 * @param signature the 64-byte Ed25519 signature
 * @param lastResort whether this is the device's reusable last-resort KEM prekey
 */
public record KemPrekey(int id, MlKemPublicKey key, byte[] signature, boolean lastResort) {
  /**
   * @throws IllegalArgumentException if {@code id} is negative or the signature is not 64 bytes
   */
  public KemPrekey {
    PrekeyIds.check("KEM prekey id", id);
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(signature, "signature");
    if (signature.length != IdentityDhCertificate.SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("signature must be 64 bytes, got " + signature.length);
    }
    signature = signature.clone();
  }

  /** Returns a copy of the signature. */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KemPrekey other
        && id == other.id
        && lastResort == other.lastResort
        && key.equals(other.key)
        && Arrays.equals(signature, other.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, key, Arrays.hashCode(signature), lastResort);
  }

  @Override
  public String toString() {
    return "KemPrekey[id="
        + id
        + ", lastResort="
        + lastResort
        + ", key="
        + key
        + ", signature="
        + HexFormat.of().formatHex(signature)
        + "]";
  }
}
