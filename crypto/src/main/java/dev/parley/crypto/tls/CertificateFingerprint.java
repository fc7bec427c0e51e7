package dev.parley.crypto.tls;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * The SHA-256 digest of a certificate's DER encoding, as clients pin it and operators read it.
 *
 * <p>Immutable and thread-safe; the array is copied in and out and equality is by content.
 *
 * @param sha256 the 32-byte digest
 */
public record CertificateFingerprint(byte[] sha256) {
  /** Digest length in bytes. */
  public static final int LENGTH = 32;

  private static final HexFormat LOWER = HexFormat.of();
  private static final HexFormat UPPER_COLON = HexFormat.ofDelimiter(":").withUpperCase();

  /**
   * @throws IllegalArgumentException if {@code sha256} is not exactly 32 bytes
   */
  public CertificateFingerprint {
    Objects.requireNonNull(sha256, "sha256");
    if (sha256.length != LENGTH) {
      throw new IllegalArgumentException(
          "SHA-256 fingerprint must be 32 bytes, got " + sha256.length);
    }
    sha256 = sha256.clone();
  }

  /**
   * Fingerprints {@code certificate}'s DER encoding.
   *
   * @throws IllegalArgumentException if the certificate cannot be encoded
   */
  public static CertificateFingerprint of(X509Certificate certificate) {
    Objects.requireNonNull(certificate, "certificate");
    try {
      return of(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be DER-encoded", e);
    }
  }

  /** Fingerprints a DER-encoded certificate; the bytes are hashed as given, not parsed. */
  public static CertificateFingerprint of(byte[] der) {
    Objects.requireNonNull(der, "der");
    SHA256Digest digest = new SHA256Digest();
    digest.update(der, 0, der.length);
    byte[] out = new byte[LENGTH];
    digest.doFinal(out, 0);
    return new CertificateFingerprint(out);
  }

  /**
   * Parses 64 hex digits in either case, either contiguous or as 32 colon-separated pairs
   * ({@code AB:CD:...}). Surrounding whitespace is ignored because fingerprints are pasted.
   *
   * @throws IllegalArgumentException for any other input
   */
  public static CertificateFingerprint parse(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.strip();
    String hex = s.indexOf(':') >= 0 ? withoutColons(s) : s;
    if (hex.length() != 2 * LENGTH) {
      throw invalid(text);
    }
    try {
      return new CertificateFingerprint(LOWER.parseHex(hex));
    } catch (IllegalArgumentException notHex) {
      throw invalid(text);
    }
  }

  /** Returns the 64-character lowercase hex form, as used in config files and URLs. */
  public String toHex() {
    return LOWER.formatHex(sha256);
  }

  /** Returns the {@code AB:CD:...} uppercase form for display, as browsers and openssl show it. */
  public String toColonHex() {
    return UPPER_COLON.formatHex(sha256);
  }

  @Override
  public byte[] sha256() {
    return sha256.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CertificateFingerprint other && Arrays.equals(sha256, other.sha256);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sha256);
  }

  @Override
  public String toString() {
    return toHex();
  }

  /** Requires exactly one colon between every pair, so "ABC:D..." is not silently accepted. */
  private static String withoutColons(String s) {
    if (s.length() != 3 * LENGTH - 1) {
      throw invalid(s);
    }
    StringBuilder hex = new StringBuilder(2 * LENGTH);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (i % 3 == 2) {
        if (c != ':') {
          throw invalid(s);
        }
      } else {
        hex.append(c);
      }
    }
    return hex.toString();
  }

  private static IllegalArgumentException invalid(String text) {
    String shown = text.length() > 120 ? text.substring(0, 120) + "..." : text;
    return new IllegalArgumentException(
        "not a SHA-256 fingerprint (want 64 hex digits, optionally AB:CD:... separated): '"
            + shown
            + "'");
  }
}
