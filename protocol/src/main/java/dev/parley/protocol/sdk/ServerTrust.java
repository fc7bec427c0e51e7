package dev.parley.protocol.sdk;

import dev.parley.crypto.tls.CertificateFingerprint;
import java.util.Optional;

/**
 * Decides whether to trust the certificate a server presents. Parley servers usually run with a
 * self-signed certificate, so trust is by pinned SHA-256 fingerprint rather than by certificate
 * authorities. Called during the TLS handshake on the client's I/O thread; must not block long.
 */
@FunctionalInterface
public interface ServerTrust {

  /** Returns normally to trust the server; throws {@link TrustException} to refuse it. */
  void check(CertificateFingerprint presented);

  /** Trusts exactly one certificate. */
  static ServerTrust pinned(CertificateFingerprint fingerprint) {
    return presented -> {
      if (!presented.equals(fingerprint)) throw new TrustException(presented, Optional.of(fingerprint));
    };
  }

  /**
   * Trust on first use: the first certificate seen is pinned in {@code store}; after that only that
   * certificate is trusted.
   */
  static ServerTrust trustOnFirstUse(FingerprintStore store) {
    return presented -> {
      Optional<CertificateFingerprint> known = store.load();
      if (known.isEmpty()) {
        store.pin(presented);
      } else if (!known.get().equals(presented)) {
        throw new TrustException(presented, known);
      }
    };
  }

  /** Where a trust-on-first-use client keeps the fingerprint it pinned. */
  interface FingerprintStore {
    Optional<CertificateFingerprint> load();

    /** Remembers the fingerprint; called once, on first contact. */
    void pin(CertificateFingerprint fingerprint);
  }
}
