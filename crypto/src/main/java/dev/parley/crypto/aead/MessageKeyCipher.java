package dev.parley.crypto.aead;

import dev.parley.crypto.encoding.Secrets;
import dev.parley.crypto.kdf.Hkdf;
import java.util.Arrays;

/**
 * AES-256-GCM under parameters derived from a one-time 32-byte message key, as the Double Ratchet
 * and the sender-key chains both use it:
 *
 * <pre>
 * HKDF-SHA256(ikm = mk, salt = 32 zero bytes, info, 44) -> AES key [0..32) || GCM nonce [32..44)
 * </pre>
 *
 * A deterministic nonce is safe because every message key is used for exactly one message; the
 * {@code info} string keeps the two protocols' keys apart. Does not wipe the message key; the caller
 * owns it. Stateless and thread-safe.
 */
public final class MessageKeyCipher {
  private static final byte[] ZERO_SALT = new byte[32];
  private static final int DERIVED_LENGTH = Aes256Gcm.KEY_LENGTH + Aes256Gcm.NONCE_LENGTH;

  private MessageKeyCipher() {}

  public static byte[] seal(byte[] messageKey, byte[] info, byte[] plaintext, byte[] aad) {
    byte[] derived = Hkdf.sha256(messageKey, ZERO_SALT, info, DERIVED_LENGTH);
    byte[] key = Arrays.copyOf(derived, Aes256Gcm.KEY_LENGTH);
    try {
      return Aes256Gcm.seal(key, nonce(derived), plaintext, aad);
    } finally {
      Secrets.wipe(derived, key);
    }
  }

  public static byte[] open(byte[] messageKey, byte[] info, byte[] ciphertext, byte[] aad) throws AeadException {
    byte[] derived = Hkdf.sha256(messageKey, ZERO_SALT, info, DERIVED_LENGTH);
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
