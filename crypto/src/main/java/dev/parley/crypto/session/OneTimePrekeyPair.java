package dev.parley.crypto.session;

import dev.parley.crypto.encoding.ByteReader;
import dev.parley.crypto.encoding.Secrets;

import dev.parley.crypto.agreement.X25519KeyPair;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A one-time prekey with its private half, as the owning device keeps it until a session uses it.
 *
 * <p>Storage encoding ({@link #toBytes()}), 37 bytes, secret:
 *
 * <pre>
 * version[1] = 0x01 || id[u32 BE] || x25519_private[32]
 * </pre>
 *
 * <p>Immutable and thread-safe; {@link #toString()} shows public data only.
 *
 * @param prekey the public half
 * @param keyPair the key pair whose public key is {@code prekey.key()}
 */
public record OneTimePrekeyPair(OneTimePrekey prekey, X25519KeyPair keyPair) {
  /** Length of {@link #toBytes()}. */
  public static final int ENCODED_LENGTH = 37;

  private static final int VERSION = 1;

  /**
   * @throws IllegalArgumentException if the key pair does not match the prekey's public key
   */
  public OneTimePrekeyPair {
    Objects.requireNonNull(prekey, "prekey");
    Objects.requireNonNull(keyPair, "keyPair");
    if (!keyPair.publicKey().equals(prekey.key())) {
      throw new IllegalArgumentException("key pair does not match one-time prekey " + prekey.id());
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
          .array();
    } finally {
      Secrets.wipe(privateKey);
    }
  }

  /**
   * Decodes {@link #toBytes()} output.
   *
   * @throws IllegalArgumentException if the encoding is malformed
   */
  public static OneTimePrekeyPair fromBytes(byte[] encoded) {
    Objects.requireNonNull(encoded, "encoded");
    ByteReader reader = new ByteReader(encoded);
    reader.expectVersion(VERSION);
    int id = reader.nonNegativeInt();
    byte[] privateKey = reader.bytes(32);
    try {
      reader.expectEnd();
      X25519KeyPair pair = X25519KeyPair.fromPrivateKey(privateKey);
      return new OneTimePrekeyPair(new OneTimePrekey(id, pair.publicKey()), pair);
    } finally {
      Secrets.wipe(privateKey);
    }
  }

  @Override
  public String toString() {
    return "OneTimePrekeyPair[" + prekey + "]";
  }
}
