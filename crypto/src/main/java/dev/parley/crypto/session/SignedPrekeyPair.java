package dev.parley.crypto.session;

import dev.parley.crypto.encoding.ByteReader;
import dev.parley.crypto.encoding.Secrets;

import dev.parley.crypto.agreement.X25519KeyPair;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A signed prekey with its private half, as the owning device keeps it.
 *
 * <p>Storage encoding ({@link #toBytes()}), 101 bytes, secret; the public key is re-derived:
 *
 * <pre>
 * version[1] = 0x01 || id[u32 BE] || x25519_private[32] || signature[64]
 * </pre>
 *
 * <p>Immutable and thread-safe; {@link #toString()} shows public data only.
 *
 * @param prekey the public, signed half
 * @param keyPair the key pair whose public key is {@code prekey.key()}
 */
public record SignedPrekeyPair(SignedPrekey prekey, X25519KeyPair keyPair) {
  /** Length of {@link #toBytes()}. */
  public static final int ENCODED_LENGTH = 101;

  private static final int VERSION = 1;

  /**
   * @throws IllegalArgumentException if the key pair does not match the prekey's public key
   */
  public SignedPrekeyPair {
    Objects.requireNonNull(prekey, "prekey");
    Objects.requireNonNull(keyPair, "keyPair");
    if (!keyPair.publicKey().equals(prekey.key())) {
      throw new IllegalArgumentException("key pair does not match signed prekey " + prekey.id());
    }
  }

  /** Returns the prekey id. */
  public int id() {
    return prekey.id();
  }

  /** Returns the secret storage encoding; the caller owns the array and should wipe it. */
  public byte[] toBytes() {
    byte[] privateKey = keyPair.privateKeyBytes();
    try {
      return ByteBuffer.allocate(ENCODED_LENGTH)
          .put((byte) VERSION)
          .putInt(prekey.id())
          .put(privateKey)
          .put(prekey.signature())
          .array();
    } finally {
      Secrets.wipe(privateKey);
    }
  }

  /**
   * Decodes {@link #toBytes()} output. The signature is restored as stored, not re-verified.
   *
   * @throws IllegalArgumentException if the encoding is malformed
   */
  public static SignedPrekeyPair fromBytes(byte[] encoded) {
    Objects.requireNonNull(encoded, "encoded");
    ByteReader reader = new ByteReader(encoded);
    reader.expectVersion(VERSION);
    int id = reader.nonNegativeInt();
    byte[] privateKey = reader.bytes(32);
    try {
      byte[] signature = reader.bytes(IdentityDhCertificate.SIGNATURE_LENGTH);
      reader.expectEnd();
      X25519KeyPair pair = X25519KeyPair.fromPrivateKey(privateKey);
      return new SignedPrekeyPair(new SignedPrekey(id, pair.publicKey(), signature), pair);
    } finally {
      Secrets.wipe(privateKey);
    }
  }

  @Override
  public String toString() {
    return "SignedPrekeyPair[" + prekey + "]";
  }
}
