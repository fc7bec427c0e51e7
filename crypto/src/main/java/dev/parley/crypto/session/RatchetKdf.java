package dev.parley.crypto.session;

import dev.parley.crypto.encoding.Secrets;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.parley.crypto.kdf.Hkdf;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The Double Ratchet's two KDF chains, as the specification recommends them:
 *
 * <pre>
 * KDF_RK(rk, dh_out) = HKDF-SHA256(ikm = dh_out, salt = rk, info = "parley-ratchet-root-v1", 64)
 *                      -> new root key [0..32) || new chain key [32..64)
 * KDF_CK(ck):  message key = HMAC-SHA256(ck, 0x01),  next chain key = HMAC-SHA256(ck, 0x02)
 * </pre>
 *
 * Stateless and thread-safe. Every result is a fresh array owned by the caller.
 */
final class RatchetKdf {
  static final byte[] ROOT_INFO = "parley-ratchet-root-v1".getBytes(US_ASCII);
  static final int KEY_LENGTH = 32;

  private static final byte MESSAGE_KEY_SEED = 0x01;
  private static final byte CHAIN_KEY_SEED = 0x02;

  private RatchetKdf() {}

  /** A root-chain step's output: the next root key and a new sending or receiving chain key. */
  record RootStep(byte[] rootKey, byte[] chainKey) {}

  static RootStep root(byte[] rootKey, byte[] dhOutput) {
    byte[] out = Hkdf.sha256(dhOutput, rootKey, ROOT_INFO, 2 * KEY_LENGTH);
    try {
      return new RootStep(
          Arrays.copyOfRange(out, 0, KEY_LENGTH),
          Arrays.copyOfRange(out, KEY_LENGTH, 2 * KEY_LENGTH));
    } finally {
      Secrets.wipe(out);
    }
  }

  static byte[] messageKey(byte[] chainKey) {
    return hmac(chainKey, MESSAGE_KEY_SEED);
  }

  static byte[] nextChainKey(byte[] chainKey) {
    return hmac(chainKey, CHAIN_KEY_SEED);
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
