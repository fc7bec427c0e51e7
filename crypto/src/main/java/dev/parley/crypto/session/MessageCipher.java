package dev.parley.crypto.session;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.parley.crypto.aead.AeadException;
import dev.parley.crypto.aead.MessageKeyCipher;

/**
 * The ratchet's message encryption: {@link MessageKeyCipher} with info "parley-ratchet-message-v1".
 * Stateless and thread-safe.
 */
final class MessageCipher {
  static final byte[] INFO = "parley-ratchet-message-v1".getBytes(US_ASCII);

  private MessageCipher() {}

  static byte[] seal(byte[] messageKey, byte[] plaintext, byte[] aad) {
    return MessageKeyCipher.seal(messageKey, INFO, plaintext, aad);
  }

  static byte[] open(byte[] messageKey, byte[] ciphertext, byte[] aad) throws AeadException {
    return MessageKeyCipher.open(messageKey, INFO, ciphertext, aad);
  }
}
