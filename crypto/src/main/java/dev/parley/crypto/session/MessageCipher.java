package dev.parley.crypto.session;

import dev.parley.crypto.encoding.Secrets;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.parley.crypto.aead.AeadException;
import dev.parley.crypto.aead.Aes256Gcm;
import dev.parley.crypto.kdf.Hkdf;
import java.util.Arrays;

/**
 * Turns a 32-byte message key into AES-256-GCM parameters and applies them:
 *
 * <pre>
 * HKDF-SHA256(ikm = mk, salt = 32 zero bytes, info = "parley-ratchet-message-v1", 44)
 *   -> AES key [0..32) || GCM nonce [32..44)
 * </pre>
 *
 * A deterministic nonce is safe because every message key is used for exactly one message. Does not
 * wipe the message key; the caller owns it. Stateless and thread-safe.
 */
final class MessageCipher {
  static final byte[] INFO = "parley-ratchet-message-v1".getBytes(US_ASCII);

  private static final byte[] ZERO_SALT = new byte[32];
  private static final int DERIVED_LENGTH = Aes256Gcm.KEY_LENGTH + Aes256Gcm.NONCE_LENGTH;

  private MessageCipher() {}

  static byte[] seal(byte[] messageKey, byte[] plaintext, byte[] aad) {
    byte[] derived = Hkdf.sha256(messageKey, ZERO_SALT, INFO, DERIVED_LENGTH);
    byte[] key = Arrays.copyOf(derived, Aes256Gcm.KEY_LENGTH);
    try {
      return Aes256Gcm.seal(key, nonce(derived), plaintext, aad);
    } finally {
      Secrets.wipe(derived, key);
    }
  }

  static byte[] open(byte[] messageKey, byte[] ciphertext, byte[] aad) throws AeadException {
    byte[] derived = Hkdf.sha256(messageKey, ZERO_SALT, INFO, DERIVED_LENGTH);
    byte[] key = Arrays.copyOf(derived, Aes256Gcm.KEY_LENGTH);
    try {
      return Aes256Gcm.open(key, nonce(derived), ciphertext, aad);
    } finally {
      Secrets.wipe(derived, key);
    }
  }

  private static byte[] nonce(byte[] derived) {
    return Arrays.copyOfRange(derived, Aes256Gcm.KEY_LENGTH, DERIVED_LENGTH);
  }
}
