package dev.parley.crypto.session;

import dev.parley.crypto.agreement.X25519PublicKey;
import dev.parley.crypto.identity.IdentityPublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A device's X25519 identity DH public key with the device's Ed25519 identity signature over {@code
 * "parley-idh-v1" || key} (see {@link PrekeySignatures}). Binds the DH key used in PQXDH to the
 * identity users compare in safety numbers; Parley does not use XEdDSA.
 *
 * <p>Immutable and thread-safe; arrays are copied in and out; equality is by content.
 *
 * @param key the X25519 identity DH public key
 * @param signature the 64-byte Ed25519 signature
 */
public record IdentityDhCertificate(X25519PublicKey key, byte[] signature) {
  /** Length of an Ed25519 signature in bytes. */
  public static final int SIGNATURE_LENGTH = 64;

  /**
   * @throws IllegalArgumentException if the signature is not 64 bytes
   */
  public IdentityDhCertificate {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(signature, "signature");
    if (signature.length != SIGNATURE_LENGTH) {
      throw new IllegalArgumentException(
          "signature must be " + SIGNATURE_LENGTH + " bytes, got " + signature.length);
    }
    signature = signature.clone();
  }

  /** Returns a copy of the signature. */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** Returns whether {@code signer} signed this key. Never throws for bad input. */
  public boolean verify(IdentityPublicKey signer) {
    return PrekeySignatures.verify(signer, this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdentityDhCertificate other
        && key.equals(other.key)
        && Arrays.equals(signature, other.signature);
  }

  @Override
  public int hashCode() {
    return 31 * key.hashCode() + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "IdentityDhCertificate[key="
        + key.toHex()
        + ", signature="
        + HexFormat.of().formatHex(signature)
        + "]";
  }
}
