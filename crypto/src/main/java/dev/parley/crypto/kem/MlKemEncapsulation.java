package dev.parley.crypto.kem;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * The result of {@link MlKemPublicKey#encapsulate}: the ciphertext to send and the shared secret to
 * keep. Arrays are copied in and out. The secret never appears in {@link #toString()}; equality
 * compares it in constant time and the hash code covers only the ciphertext.
 *
 * @param ciphertext the 1088-byte ML-KEM-768 ciphertext
 * @param sharedSecret the 32-byte shared secret; the caller should wipe its copies after use
 */
public record MlKemEncapsulation(byte[] ciphertext, byte[] sharedSecret) {
  /** Length of an ML-KEM-768 ciphertext in bytes. */
  public static final int CIPHERTEXT_LENGTH = 1088;

  /** Length of the shared secret in bytes. */
  public static final int SHARED_SECRET_LENGTH = 32;

  /**
   * @throws IllegalArgumentException if either array has the wrong length
   */
  public MlKemEncapsulation {
    Objects.requireNonNull(ciphertext, "ciphertext");
    Objects.requireNonNull(sharedSecret, "sharedSecret");
    if (ciphertext.length != CIPHERTEXT_LENGTH) {
      throw new IllegalArgumentException(
          "ML-KEM-768 ciphertext must be "
              + CIPHERTEXT_LENGTH
              + " bytes, got "
              + ciphertext.length);
    }
    if (sharedSecret.length != SHARED_SECRET_LENGTH) {
      throw new IllegalArgumentException(
          "ML-KEM shared secret must be 32 bytes, got " + sharedSecret.length);
    }
    ciphertext = ciphertext.clone();
    sharedSecret = sharedSecret.clone();
  }

  /** Returns a copy of the ciphertext. */
  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /** Returns a copy of the shared secret; the caller owns it and should wipe it. */
  @Override
  public byte[] sharedSecret() {
    return sharedSecret.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MlKemEncapsulation other
        && Arrays.equals(ciphertext, other.ciphertext)
        && MessageDigest.isEqual(sharedSecret, other.sharedSecret);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ciphertext);
  }

  @Override
  public String toString() {
    return "MlKemEncapsulation[ciphertext=" + ciphertext.length + " bytes, sharedSecret=<hidden>]";
  }
}
