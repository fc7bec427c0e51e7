package dev.parley.crypto.session;

import dev.parley.crypto.encoding.ByteReader;
import dev.parley.crypto.encoding.Secrets;

import dev.parley.crypto.agreement.X25519KeyPair;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.identity.IdentityPublicKey;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * A device's long-term keys: the Ed25519 identity key, which signs everything the device publishes,
 * and the X25519 identity DH key used in PQXDH, whose public half is certified by the identity key
 * (see {@link #identityDhCertificate()}).
 *
 * <p>Storage encoding ({@link #toBytes()}), 65 bytes, secret:
 *
 * <pre>
 * version[1] = 0x01 || ed25519_secret_seed[32] || x25519_private[32]
 * </pre>
 *
 * <p>Immutable and thread-safe. Equality is by identity of the key-pair objects; {@link
 * #toString()} shows public keys only.
 *
 * @param signing the Ed25519 identity key pair
 * @param identityDh the X25519 identity DH key pair
 */
public record DeviceKeys(IdentityKeyPair signing, X25519KeyPair identityDh) {
  /** Length of {@link #toBytes()}. */
  public static final int ENCODED_LENGTH = 65;

  private static final int VERSION = 1;

  public DeviceKeys {
    Objects.requireNonNull(signing, "signing");
    Objects.requireNonNull(identityDh, "identityDh");
  }

  /** Generates both key pairs from {@code random}. */
  public static DeviceKeys generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    return new DeviceKeys(IdentityKeyPair.generate(random), X25519KeyPair.generate(random));
  }

  /** Returns the Ed25519 identity public key. */
  public IdentityPublicKey identity() {
    return signing.publicKey();
  }

  /**
   * Returns the identity DH public key signed by the identity key. Ed25519 is deterministic, so
   * every call returns an equal certificate.
   */
  public IdentityDhCertificate identityDhCertificate() {
    return new IdentityDhCertificate(
        identityDh.publicKey(),
        signing.sign(PrekeySignatures.identityDhMessage(identityDh.publicKey())));
  }

  /** Returns the secret storage encoding; the caller owns the array and should wipe it. */
  public byte[] toBytes() {
    byte[] ed = signing.privateKeyBytes();
    byte[] x = identityDh.privateKeyBytes();
    try {
      return ByteBuffer.allocate(ENCODED_LENGTH).put((byte) VERSION).put(ed).put(x).array();
    } finally {
      Secrets.wipe(ed, x);
    }
  }

  /**
   * Decodes {@link #toBytes()} output. The argument is not modified or retained.
   *
   * @throws IllegalArgumentException if the length or version is wrong
   */
  public static DeviceKeys fromBytes(byte[] encoded) {
    Objects.requireNonNull(encoded, "encoded");
    ByteReader reader = new ByteReader(encoded);
    reader.expectVersion(VERSION);
    byte[] ed = reader.bytes(32);
    byte[] x = reader.bytes(32);
    try {
      reader.expectEnd();
      return new DeviceKeys(IdentityKeyPair.fromPrivateKey(ed), X25519KeyPair.fromPrivateKey(x));
    } finally {
      Secrets.wipe(ed, x);
    }
  }

  @Override
  public String toString() {
    return "DeviceKeys[identity="
        + signing.publicKey().toHex()
        + ", identityDh="
        + identityDh.publicKey().toHex()
        + "]";
  }
}
