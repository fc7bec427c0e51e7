package dev.parley.crypto.group;

import dev.parley.crypto.encoding.ByteReader;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.parley.crypto.aead.AeadException;
import dev.parley.crypto.aead.Aes256Gcm;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.identity.IdentityPublicKey;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One encrypted group message, as {@link SenderKeyState#encrypt} produces it:
 *
 * <pre>
 * header    = version[1]=0x01 || key_id[u32] || iteration[u32]                  (9 bytes)
 * body      = header || AES-256-GCM(key, nonce, plaintext, aad = header) || tag[16]
 * message   = body || Ed25519(signature key, "parley-senderkey-signature-v1" || body)[64]
 * </pre>
 *
 * A decoded instance holds its own copy of the message; immutable and thread-safe.
 */
final class SenderKeyMessage {
  static final int VERSION = 1;
  static final int HEADER_LENGTH = 1 + 4 + 4;
  static final int SIGNATURE_LENGTH = 64;
  static final int MIN_LENGTH = HEADER_LENGTH + Aes256Gcm.TAG_LENGTH + SIGNATURE_LENGTH;

  /** Largest iteration a message may carry, so that the receiver's next iteration still fits. */
  static final int MAX_ITERATION = Integer.MAX_VALUE - 1;

  static final byte[] SIGNATURE_LABEL = "parley-senderkey-signature-v1".getBytes(US_ASCII);

  private final byte[] message;
  private final int keyId;
  private final int iteration;

  private SenderKeyMessage(byte[] message, int keyId, int iteration) {
    this.message = message;
    this.keyId = keyId;
    this.iteration = iteration;
  }

  /** Encrypts and signs one message. Does not wipe or retain {@code messageKey}. */
  static byte[] seal(
      int keyId, int iteration, byte[] messageKey, byte[] plaintext, IdentityKeyPair signatureKey) {
    byte[] header =
        ByteBuffer.allocate(HEADER_LENGTH)
            .put((byte) VERSION)
            .putInt(keyId)
            .putInt(iteration)
            .array();
    byte[] ciphertext = SenderChain.seal(messageKey, plaintext, header);
    ByteBuffer out =
        ByteBuffer.allocate(HEADER_LENGTH + ciphertext.length + SIGNATURE_LENGTH)
            .put(header)
            .put(ciphertext);
    byte[] signature = signatureKey.sign(signedInput(out.array(), out.position()));
    return out.put(signature).array();
  }

  /**
   * Decodes the header of {@code message}; neither the signature nor the ciphertext is checked.
   *
   * @throws GroupDecryptionException with reason {@code MALFORMED} if it cannot
   */
  static SenderKeyMessage decode(byte[] message) throws GroupDecryptionException {
    if (message.length < MIN_LENGTH) {
      throw malformed("message of " + message.length + " bytes too short");
    }
    ByteReader reader = new ByteReader(message);
    try {
      reader.expectVersion(VERSION);
      int keyId = reader.nonNegativeInt();
      int iteration = reader.nonNegativeInt();
      if (iteration > MAX_ITERATION) {
        throw malformed("iteration out of range: " + iteration);
      }
      return new SenderKeyMessage(message.clone(), keyId, iteration);
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
  }

  int keyId() {
    return keyId;
  }

  int iteration() {
    return iteration;
  }

  /** Whether the appended signature verifies under {@code signatureKey}. */
  boolean verify(IdentityPublicKey signatureKey) {
    int bodyLength = message.length - SIGNATURE_LENGTH;
    return signatureKey.verify(
        signedInput(message, bodyLength), Arrays.copyOfRange(message, bodyLength, message.length));
  }

  /** Opens the ciphertext with {@code messageKey}, which is not wiped or retained. */
  byte[] open(byte[] messageKey) throws AeadException {
    byte[] header = Arrays.copyOf(message, HEADER_LENGTH);
    byte[] ciphertext =
        Arrays.copyOfRange(message, HEADER_LENGTH, message.length - SIGNATURE_LENGTH);
    return SenderChain.open(messageKey, ciphertext, header);
  }

  private static byte[] signedInput(byte[] body, int bodyLength) {
    byte[] input = Arrays.copyOf(SIGNATURE_LABEL, SIGNATURE_LABEL.length + bodyLength);
    System.arraycopy(body, 0, input, SIGNATURE_LABEL.length, bodyLength);
    return input;
  }

  private static GroupDecryptionException malformed(String message) {
    return new GroupDecryptionException(GroupDecryptionException.Reason.MALFORMED, message);
  }
}
