package dev.parley.crypto.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate and the private key for its public key. Immutable as far as the JDK types are.
 *
 * @param certificate the leaf certificate
 * @param privateKey the matching private key
 */
public record CertificateAndKey(X509Certificate certificate, PrivateKey privateKey) {
  /**
   * @throws NullPointerException if either component is null
   */
  public CertificateAndKey {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
  }

  @Override
  public String toString() {
    // Never the key; the subject and fingerprint are what an operator compares.
    return "CertificateAndKey[subject="
        + certificate.getSubjectX500Principal().getName()
        + ", sha256="
        + CertificateFingerprint.of(certificate).toColonHex()
        + "]";
  }
}
