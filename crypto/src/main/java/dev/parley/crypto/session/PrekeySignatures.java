package dev.parley.crypto.session;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.parley.crypto.agreement.X25519PublicKey;
import dev.parley.crypto.identity.IdentityPublicKey;
import dev.parley.crypto.kem.MlKemPublicKey;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * What a device's Ed25519 identity key signs, and the checks a sender runs on a fetched bundle.
 *
 * <p>Each signed message starts with its own 13-byte ASCII label, so a signature over one kind of
 * key can never be replayed as a signature over another (all labels have the same length and
 * differ, so no message is a prefix-extension of another kind):
 *
 * <pre>
 * identity DH key:  "parley-idh-v1" || x25519_pub[32]
 * signed prekey:    "parley-spk-v1" || id[u32 BE] || x25519_pub[32]
 * KEM prekey:       "parley-kpk-v1" || id[u32 BE] || last_resort[1: 0x00|0x01]
 *                       || mlkem768_pub[1184]
 * </pre>
 *
 * Signing the last-resort flag stops a server from passing a reusable last-resort key off as a
 * one-time key (or the reverse). Stateless and thread-safe.
 */
public final class PrekeySignatures {
  static final byte[] IDENTITY_DH_LABEL = "parley-idh-v1".getBytes(US_ASCII);
  static final byte[] SIGNED_PREKEY_LABEL = "parley-spk-v1".getBytes(US_ASCII);
  static final byte[] KEM_PREKEY_LABEL = "parley-kpk-v1".getBytes(US_ASCII);

  private PrekeySignatures() {}

  /**
   * Returns whether {@code certificate} is signed by {@code identity}. Never throws for bad input.
   */
  public static boolean verify(IdentityPublicKey identity, IdentityDhCertificate certificate) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(certificate, "certificate");
    return identity.verify(identityDhMessage(certificate.key()), certificate.signature());
  }

  /** Returns whether {@code prekey} is signed by {@code identity}. Never throws for bad input. */
  public static boolean verify(IdentityPublicKey identity, SignedPrekey prekey) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(prekey, "prekey");
    return identity.verify(signedPrekeyMessage(prekey.id(), prekey.key()), prekey.signature());
  }

  /** Returns whether {@code prekey} is signed by {@code identity}. Never throws for bad input. */
  public static boolean verify(IdentityPublicKey identity, KemPrekey prekey) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(prekey, "prekey");
    return identity.verify(
        kemPrekeyMessage(prekey.id(), prekey.lastResort(), prekey.key()), prekey.signature());
  }

  static byte[] identityDhMessage(X25519PublicKey key) {
    return ByteBuffer.allocate(IDENTITY_DH_LABEL.length + X25519PublicKey.LENGTH)
        .put(IDENTITY_DH_LABEL)
        .put(key.bytes())
        .array();
  }

  static byte[] signedPrekeyMessage(int id, X25519PublicKey key) {
    return ByteBuffer.allocate(SIGNED_PREKEY_LABEL.length + 4 + X25519PublicKey.LENGTH)
        .put(SIGNED_PREKEY_LABEL)
        .putInt(id)
        .put(key.bytes())
        .array();
  }

  static byte[] kemPrekeyMessage(int id, boolean lastResort, MlKemPublicKey key) {
    return ByteBuffer.allocate(KEM_PREKEY_LABEL.length + 4 + 1 + MlKemPublicKey.LENGTH)
        .put(KEM_PREKEY_LABEL)
        .putInt(id)
        .put((byte) (lastResort ? 1 : 0))
        .put(key.bytes())
        .array();
  }
}
