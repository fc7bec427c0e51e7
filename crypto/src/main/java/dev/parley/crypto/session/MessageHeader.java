package dev.parley.crypto.session;

import dev.parley.crypto.encoding.ByteReader;

import dev.parley.crypto.aead.Aes256Gcm;
import dev.parley.crypto.agreement.X25519PublicKey;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The cleartext header of a ratchet message: the sender's current ratchet public key, the length of
 * its previous sending chain ({@code pn}) and this message's number in the current chain ({@code
 * n}). Encoded as
 *
 * <pre>
 * version[1] = 0x01 || ratchet_key[32] || pn[u32 BE] || n[u32 BE]     (41 bytes)
 * </pre>
 *
 * Counters are below 2^31 - 1 so that {@code n + 1} never overflows.
 */
record MessageHeader(X25519PublicKey ratchetKey, int previousChainLength, int messageNumber) {
  static final int VERSION = 1;
  static final int LENGTH = 1 + X25519PublicKey.LENGTH + 4 + 4;
  static final int MAX_COUNTER = Integer.MAX_VALUE - 1;

  MessageHeader {
    if (previousChainLength < 0 || previousChainLength > MAX_COUNTER) {
      throw new IllegalArgumentException("pn out of range: " + previousChainLength);
    }
    if (messageNumber < 0 || messageNumber > MAX_COUNTER) {
      throw new IllegalArgumentException("n out of range: " + messageNumber);
    }
  }

  byte[] toBytes() {
    return ByteBuffer.allocate(LENGTH)
        .put((byte) VERSION)
        .put(ratchetKey.bytes())
        .putInt(previousChainLength)
        .putInt(messageNumber)
        .array();
  }

  /**
   * Decodes the header at the start of {@code message}, which must also hold at least a GCM tag.
   *
   * @throws DecryptionException with reason {@code MALFORMED} if it cannot
   */
  static MessageHeader decode(byte[] message) throws DecryptionException {
    if (message.length < LENGTH + Aes256Gcm.TAG_LENGTH) {
      throw new DecryptionException(
          DecryptionException.Reason.MALFORMED,
          "message of " + message.length + " bytes too short");
    }
    try {
      ByteReader reader = new ByteReader(Arrays.copyOf(message, LENGTH));
      reader.expectVersion(VERSION);
      X25519PublicKey ratchetKey = new X25519PublicKey(reader.bytes(X25519PublicKey.LENGTH));
      int pn = reader.nonNegativeInt();
      int n = reader.nonNegativeInt();
      reader.expectEnd();
      return new MessageHeader(ratchetKey, pn, n);
    } catch (IllegalArgumentException e) {
      throw new DecryptionException(DecryptionException.Reason.MALFORMED, e.getMessage());
    }
  }
}
