package dev.parley.server.testkit;

import dev.parley.crypto.tls.CertificateFingerprint;
import dev.parley.protocol.sdk.ServerAddress;

/** Where a test server listens and which certificate it presents. */
public interface ServerEndpoint {
  ServerAddress address();

  CertificateFingerprint fingerprint();
}
