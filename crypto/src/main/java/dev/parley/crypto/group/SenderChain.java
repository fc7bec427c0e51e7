package dev.parley.crypto.group;

import dev.parley.crypto.encoding.Secrets;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.parley.crypto.aead.AeadException;
import dev.parley.crypto.aead.Aes256Gcm;
import dev.parley.crypto.kdf.Hkdf;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The sender key's symmetric chain and its message cipher:
 *
 * <pre>
 * message key = HMAC-SHA256(ck, 0x01),   next chain key = HMAC-SHA256(ck, 0x02)
 * HKDF-SHA256(ikm = message key, salt = 32 zero bytes, info = "parley-senderkey-message-v1", 44)
 *   -> AES-256 key [0..32) || GCM nonce [32..44)
 * </pre>
 *
 * A deterministic nonce is safe because every message key seals exactly one message. Stateless and
 * thread-safe; every result is a fresh array owned by the caller, and no argument is wiped.
 */
final class SenderChain {
  static final int KEY_LENGTH = 32;
  static final byte[] MESSAGE_INFO = "parley-senderkey-message-v1".getBytes(US_ASCII);

  private static final byte MESSAGE_KEY_SEED = 0x01;
  private static final byte CHAIN_KEY_SEED = 0x02;
  private static final byte[] ZERO_SALT = new byte[32];
  private static final int DERIVED_LENGTH = Aes256Gcm.KEY_LENGTH + Aes256Gcm.NONCE_LENGTH;

  private SenderChain() {}

  static byte[] messageKey(byte[] chainKey) {
    return hmac(chainKey, MESSAGE_KEY_SEED);
  }

  static byte[] nextChainKey(byte[] chainKey) {
    return hmac(chainKey, CHAIN_KEY_SEED);
  }

  static byte[] seal(byte[] messageKey, byte[] plaintext, byte[] aad) {
    byte[] derived = Hkdf.sha256(messageKey, ZERO_SALT, MESSAGE_INFO, DERIVED_LENGTH);
    byte[] key = Arrays.copyOf(derived, Aes256Gcm.KEY_LENGTH);
    try {
      return Aes256Gcm.seal(key, nonce(derived), plaintext, aad);
    } finally {
      Secrets.wipe(derived, key);
    }
  }

  static byte[] open(byte[] messageKey, byte[] ciphertext, byte[] aad) throws AeadException {
    byte[] derived = Hkdf.sha256(messageKey, ZERO_SALT, MESSAGE_INFO, DERIVED_LENGTH);
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

  private static byte[] hmac(byte[] key, byte input) {
    HMac mac = new HMac(new SHA256Digest());
    mac.init(new KeyParameter(key));
    mac.update(input);
    byte[] out = new byte[KEY_LENGTH];
    mac.doFinal(out, 0);
    return out;
  }
}
