package dev.parley.crypto.session;

import dev.parley.crypto.encoding.Secrets;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.parley.crypto.agreement.X25519PublicKey;
import dev.parley.crypto.identity.IdentityPublicKey;
import dev.parley.crypto.kdf.Hkdf;
import java.util.Arrays;

/**
 * The key schedule both sides of PQXDH share, kept in one place so initiator and responder cannot
 * drift apart.
 */
final class Pqxdh {
  static final byte[] INFO = "parley-pqxdh-v1".getBytes(US_ASCII);
  static final int SHARED_KEY_LENGTH = 32;
  static final int ASSOCIATED_DATA_LENGTH = 4 * 32;

  /** PQXDH's F for X25519: 32 0xFF bytes, so the KDF input never starts like a valid scalar. */
  private static final byte[] F = filled(32, (byte) 0xFF);

  private static final byte[] ZERO_SALT = new byte[32];

  private Pqxdh() {}

  /**
   * SK = HKDF-SHA256(ikm = F || DH1 || DH2 || DH3 [|| DH4] || SS, salt = 32 zero bytes, info =
   * "parley-pqxdh-v1", 32). Wipes its own copy of the input; the caller wipes the arguments.
   *
   * @param dh4 null when no one-time prekey was used
   */
  static byte[] sharedKey(byte[] dh1, byte[] dh2, byte[] dh3, byte[] dh4, byte[] kemSecret) {
    byte[] ikm =
        dh4 == null
            ? Secrets.concat(F, dh1, dh2, dh3, kemSecret)
            : Secrets.concat(F, dh1, dh2, dh3, dh4, kemSecret);
    try {
      return Hkdf.sha256(ikm, ZERO_SALT, INFO, SHARED_KEY_LENGTH);
    } finally {
      Secrets.wipe(ikm);
    }
  }

  /**
   * AD = IK_A || IK_B || IKDH_A || IKDH_B: the initiator's and responder's Ed25519 identity keys,
   * then their X25519 identity DH keys, 128 bytes.
   */
  static byte[] associatedData(
      IdentityPublicKey initiator,
      X25519PublicKey initiatorDh,
      IdentityPublicKey responder,
      X25519PublicKey responderDh) {
    return Secrets.concat(
        initiator.bytes(), responder.bytes(), initiatorDh.bytes(), responderDh.bytes());
  }

  private static byte[] filled(int length, byte value) {
    byte[] out = new byte[length];
    Arrays.fill(out, value);
    return out;
  }
}
