package dev.parley.crypto.session;

import dev.parley.crypto.encoding.ByteReader;
import dev.parley.crypto.encoding.Secrets;

import dev.parley.crypto.kem.MlKemKeyPair;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A signed ML-KEM-768 prekey with its private half, as the owning device keeps it.
 *
 * <p>Storage encoding ({@link #toBytes()}), 134 bytes, secret; the public key is re-derived from
 * the seed:
 *
 * <pre>
 * version[1] = 0x01 || id[u32 BE] || last_resort[1: 0x00|0x01] || mlkem_seed[64] || signature[64]
 * </pre>
 *
 * <p>Immutable and thread-safe; {@link #toString()} shows public data only.
 *
 * @param prekey the public, signed half
 * @param keyPair the key pair whose public key is {@code prekey.key()}
 */
public record KemPrekeyPair(KemPrekey prekey, MlKemKeyPair keyPair) {
  /** Length of {@link #toBytes()}. */
  public static final int ENCODED_LENGTH = 134;

  private static final int VERSION = 1;

  /**
   * @throws IllegalArgumentException if the key pair does not match the prekey's public key
   */
  public KemPrekeyPair {
    Objects.requireNonNull(prekey, "prekey");
    Objects.requireNonNull(keyPair, "keyPair");
    if (!keyPair.publicKey().equals(prekey.key())) {
      throw new IllegalArgumentException("key pair does not match KEM prekey " + prekey.id());
    }
  }

  /** Returns the prekey id. */
  public int id() {
    return prekey.id();
  }

  /** Returns the secret storage encoding; the caller owns the array and should wipe it. */
  public byte[] toBytes() {
    byte[] seed = keyPair.privateKeyBytes();
    try {
      return ByteBuffer.allocate(ENCODED_LENGTH)
          .put((byte) VERSION)
          .putInt(prekey.id())
          .put((byte) (prekey.lastResort() ? 1 : 0))
          .put(seed)
          .put(prekey.signature())
          .array();
    } finally {
      Secrets.wipe(seed);
    }
  }

  /**
   * Decodes {@link #toBytes()} output. The signature is restored as stored, not re-verified.
   *
   * @throws IllegalArgumentException if the encoding is malformed
   */
  public static KemPrekeyPair fromBytes(byte[] encoded) {
    Objects.requireNonNull(encoded, "encoded");
    ByteReader reader = new ByteReader(encoded);
    reader.expectVersion(VERSION);
    int id = reader.nonNegativeInt();
    boolean lastResort = reader.flag();
    byte[] seed = reader.bytes(MlKemKeyPair.PRIVATE_KEY_LENGTH);
    try {
      byte[] signature = reader.bytes(IdentityDhCertificate.SIGNATURE_LENGTH);
      reader.expectEnd();
      MlKemKeyPair pair = MlKemKeyPair.fromPrivateKey(seed);
      return new KemPrekeyPair(new KemPrekey(id, pair.publicKey(), signature, lastResort), pair);
    } finally {
      Secrets.wipe(seed);
    }
  }

  @Override
  public String toString() {
    return "KemPrekeyPair[" + prekey + "]";
  }
}
