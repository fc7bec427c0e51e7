package dev.parley.crypto.kdf;

import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF (RFC 5869), extract-then-expand. Stateless and thread-safe. */
public final class Hkdf {
  /** Largest output HKDF-SHA256 can produce: 255 blocks of 32 bytes. */
  public static final int MAX_SHA256_LENGTH = 255 * 32;

  private Hkdf() {}

  /**
   * Derives {@code length} bytes with HKDF-SHA256. None of the arguments is modified or retained.
   *
   * @param ikm input keying material
   * @param salt extract salt; empty means the RFC 5869 default of 32 zero bytes, which HMAC treats
   *     identically
   * @param info context and application label; may be empty
   * @param length output length, 1 to {@value #MAX_SHA256_LENGTH}
   * @return a fresh array the caller owns
   * @throws IllegalArgumentException if {@code length} is out of range
   */
  public static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
    Objects.requireNonNull(ikm, "ikm");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(info, "info");
    if (length < 1 || length > MAX_SHA256_LENGTH) {
      throw new IllegalArgumentException(
          "HKDF-SHA256 length must be 1.." + MAX_SHA256_LENGTH + ", got " + length);
    }
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(new HKDFParameters(ikm, salt, info));
    byte[] out = new byte[length];
    generator.generateBytes(out, 0, length);
    return out;
  }
}
