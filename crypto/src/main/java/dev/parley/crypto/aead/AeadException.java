package dev.parley.crypto.aead;

/**
 * An AEAD ciphertext did not authenticate: it, its tag, its associated data, the key or the nonce
 * differs from what was sealed. Deliberately says nothing about which. Checked, because callers
 * must decide what a forged or corrupted message means to them; carries no stack trace, because it
 * is an expected outcome of hostile input rather than a bug.
 */
public final class AeadException extends Exception {
  public AeadException(String message) {
    super(message, null, false, false);
  }
}
