package dev.parley.crypto.aead;

import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-256-GCM (NIST SP 800-38D) with a 96-bit nonce and a 128-bit tag appended to the ciphertext.
 *
 * <p>Stateless and thread-safe; every call builds its own cipher. <b>The caller guarantees that a
 * (key, nonce) pair is never used to seal two different messages</b>: GCM loses both
 * confidentiality and integrity on nonce reuse. The session layer meets this by using every key
 * exactly once.
 */
public final class Aes256Gcm {
  /** Key length in bytes. */
  public static final int KEY_LENGTH = 32;

  /** Nonce length in bytes. */
  public static final int NONCE_LENGTH = 12;

  /** Authentication tag length in bytes, appended to every ciphertext. */
  public static final int TAG_LENGTH = 16;

  private Aes256Gcm() {}

  /**
   * Encrypts and authenticates {@code plaintext}, also authenticating {@code aad}.
   *
   * @return ciphertext followed by the 16-byte tag, {@code plaintext.length + 16} bytes
   * @throws IllegalArgumentException if the key or nonce has the wrong length
   */
  public static byte[] seal(byte[] key32, byte[] nonce12, byte[] plaintext, byte[] aad) {
    Objects.requireNonNull(plaintext, "plaintext");
    GCMModeCipher cipher = cipher(true, key32, nonce12, aad);
    byte[] out = new byte[cipher.getOutputSize(plaintext.length)];
    int written = cipher.processBytes(plaintext, 0, plaintext.length, out, 0);
    try {
      cipher.doFinal(out, written);
    } catch (InvalidCipherTextException impossible) {
      throw new IllegalStateException("GCM encryption cannot fail to authenticate", impossible);
    }
    return out;
  }

  /**
   * Verifies and decrypts the output of {@link #seal}. No plaintext is released unless the tag
   * verifies (the tag comparison inside Bouncy Castle is constant-time).
   *
   * @return the plaintext
   * @throws AeadException if the ciphertext is shorter than a tag or does not authenticate under
   *     this key, nonce and associated data
   * @throws IllegalArgumentException if the key or nonce has the wrong length
   */
  public static byte[] open(byte[] key32, byte[] nonce12, byte[] ciphertext, byte[] aad)
      throws AeadException {
    Objects.requireNonNull(ciphertext, "ciphertext");
    GCMModeCipher cipher = cipher(false, key32, nonce12, aad);
    if (ciphertext.length < TAG_LENGTH) {
      throw new AeadException("ciphertext shorter than the authentication tag");
    }
    byte[] out = new byte[cipher.getOutputSize(ciphertext.length)];
    int written = cipher.processBytes(ciphertext, 0, ciphertext.length, out, 0);
    try {
      cipher.doFinal(out, written);
    } catch (InvalidCipherTextException e) {
      // GCM decrypts as it streams, so out already holds unauthenticated plaintext: clear it.
      Arrays.fill(out, (byte) 0);
      throw new AeadException("AES-GCM authentication failed");
    }
    return out;
  }

  private static GCMModeCipher cipher(boolean encrypt, byte[] key, byte[] nonce, byte[] aad) {
    Objects.requireNonNull(key, "key32");
    Objects.requireNonNull(nonce, "nonce12");
    Objects.requireNonNull(aad, "aad");
    if (key.length != KEY_LENGTH) {
      throw new IllegalArgumentException("AES-256 key must be 32 bytes, got " + key.length);
    }
    if (nonce.length != NONCE_LENGTH) {
      throw new IllegalArgumentException("GCM nonce must be 12 bytes, got " + nonce.length);
    }
    GCMModeCipher cipher = GCMBlockCipher.newInstance(AESEngine.newInstance());
    cipher.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, nonce, aad));
    return cipher;
  }
}
