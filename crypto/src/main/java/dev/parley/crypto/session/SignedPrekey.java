package dev.parley.crypto.session;

import dev.parley.crypto.agreement.X25519PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The public half of a signed X25519 prekey, as a device uploads it and a sender fetches it. The
 * signature is the device's Ed25519 identity signature over {@code "parley-spk-v1" || id || key}
 * (see {@link PrekeySignatures}); check it with {@link PrekeySignatures#verify(
 * dev.parley.crypto.identity.IdentityPublicKey, SignedPrekey)}.
 *
 * <p>Immutable and thread-safe; arrays are copied in and out; equality is by content.
 *
 * @param id the device-chosen id, {@code >= 0}
 * @param key the X25519 public key
 * @param signature the 64-byte Ed25519 signature
 */
public record SignedPrekey(int id, X25519PublicKey key, byte[] signature) {
  /**
   * @throws IllegalArgumentException if {@code id} is negative or the signature is not 64 bytes
   */
  public SignedPrekey {
    PrekeyIds.check("signed prekey id", id);
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
    return o instanceof SignedPrekey other
        && id == other.id
        && key.equals(other.key)
        && Arrays.equals(signature, other.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, key, Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "SignedPrekey[id="
        + id
        + ", key="
        + key.toHex()
        + ", signature="
        + HexFormat.of().formatHex(signature)
        + "]";
  }
}
