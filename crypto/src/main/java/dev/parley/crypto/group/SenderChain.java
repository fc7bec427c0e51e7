package dev.parley.crypto.group;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.parley.crypto.aead.AeadException;
import dev.parley.crypto.aead.MessageKeyCipher;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The sender key's symmetric chain and its message cipher:
 *
 * <pre>
 * message key = HMAC-SHA256(ck, 0x01),   next chain key = HMAC-SHA256(ck, 0x02)
 * </pre>
 *
 * and each message key seals one message with {@link MessageKeyCipher}, info
 * "parley-senderkey-message-v1". Stateless and
 * thread-safe; every result is a fresh array owned by the caller, and no argument is wiped.
 */
final class SenderChain {
  static final int KEY_LENGTH = 32;
  static final byte[] MESSAGE_INFO = "parley-senderkey-message-v1".getBytes(US_ASCII);

  private static final byte MESSAGE_KEY_SEED = 0x01;
  private static final byte CHAIN_KEY_SEED = 0x02;

  private SenderChain() {}

  static byte[] messageKey(byte[] chainKey) {
    return hmac(chainKey, MESSAGE_KEY_SEED);
  }

  static byte[] nextChainKey(byte[] chainKey) {
    return hmac(chainKey, CHAIN_KEY_SEED);
  }

  static byte[] seal(byte[] messageKey, byte[] plaintext, byte[] aad) {
    return MessageKeyCipher.seal(messageKey, MESSAGE_INFO, plaintext, aad);
  }

  static byte[] open(byte[] messageKey, byte[] ciphertext, byte[] aad) throws AeadException {
    return MessageKeyCipher.open(messageKey, MESSAGE_INFO, ciphertext, aad);
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
