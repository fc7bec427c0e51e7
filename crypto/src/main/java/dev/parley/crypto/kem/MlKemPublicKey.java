package dev.parley.crypto.kem;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.security.auth.DestroyFailedException;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPublicKeyParameters;

/**
 * An ML-KEM-768 encapsulation key (FIPS 203), 1184 bytes.
 *
 * <p>The constructor performs the FIPS 203 section 7.2 encapsulation-key check (length and that
 * every coefficient is reduced modulo q), so an instance always encapsulates. The array is copied
 * in and out, so instances are immutable and thread-safe. Equality is by content.
 *
 * @param bytes the 1184-byte encoded key
 */
public record MlKemPublicKey(byte[] bytes) {
  /** Length of an encoded ML-KEM-768 encapsulation key in bytes. */
  public static final int LENGTH = 1184;

  /**
   * @throws IllegalArgumentException if {@code bytes} is not 1184 bytes or not a valid key
   */
  public MlKemPublicKey {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "ML-KEM-768 public key must be " + LENGTH + " bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
    parameters(bytes); // throws IllegalArgumentException on the modulus check
  }

  /** Returns a copy of the encoded key. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * Encapsulates a fresh 32-byte shared secret to this key, taking 32 bytes from {@code random}.
   * Thread-safe.
   */
  public MlKemEncapsulation encapsulate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    SecretWithEncapsulation result =
        new MLKEMGenerator(random).generateEncapsulated(parameters(bytes));
    byte[] secret = result.getSecret();
    try {
      return new MlKemEncapsulation(result.getEncapsulation(), secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
      wipe(result);
    }
  }

  private static void wipe(SecretWithEncapsulation result) {
    try {
      result.destroy();
    } catch (DestroyFailedException e) {
      // Best effort: Bouncy Castle's implementation zero-fills and does not fail.
    }
  }

  private static MLKEMPublicKeyParameters parameters(byte[] encoded) {
    return new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, encoded);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MlKemPublicKey other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Shows only the first 8 bytes; the full key is 2368 hex characters. */
  @Override
  public String toString() {
    return "MlKemPublicKey[" + HexFormat.of().formatHex(bytes, 0, 8) + "...]";
  }
}
