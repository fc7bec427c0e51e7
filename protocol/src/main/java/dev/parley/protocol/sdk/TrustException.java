package dev.parley.protocol.sdk;

import dev.parley.crypto.tls.CertificateFingerprint;
import java.util.Optional;

/**
 * The server presented a certificate the client does not trust: its fingerprint differs from the
 * pinned one. The client never retries on its own after this; the user must decide.
 */
public final class TrustException extends RuntimeException {
  private final CertificateFingerprint presented;
  private final transient Optional<CertificateFingerprint> expected;

  public TrustException(CertificateFingerprint presented, Optional<CertificateFingerprint> expected) {
    super(
        "server certificate "
            + presented.toHex()
            + expected.map(e -> " does not match the pinned " + e.toHex()).orElse(" is not trusted"),
        null,
        false,
        false);
    this.presented = presented;
    this.expected = expected;
  }

  public CertificateFingerprint presented() {
    return presented;
  }

  public Optional<CertificateFingerprint> expected() {
    return expected;
  }
}
