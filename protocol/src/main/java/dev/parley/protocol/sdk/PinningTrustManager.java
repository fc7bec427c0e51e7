package dev.parley.protocol.sdk;

import dev.parley.crypto.tls.CertificateFingerprint;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a server by the fingerprint of its leaf certificate, as {@link ServerTrust} decides, instead
 * of by certificate authorities. A refusal is remembered so the client can report it as a {@link
 * TrustException} rather than a generic handshake failure.
 */
final class PinningTrustManager extends X509ExtendedTrustManager {
  private final ServerTrust trust;
  private volatile TrustException lastRefusal;

  PinningTrustManager(ServerTrust trust) {
    this.trust = trust;
  }

  TrustException lastRefusal() {
    return lastRefusal;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (chain == null || chain.length == 0) throw new CertificateException("server sent no certificate");
    try {
      trust.check(CertificateFingerprint.of(chain[0]));
    } catch (TrustException e) {
      lastRefusal = e;
      throw new CertificateException(e.getMessage());
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("a client does not authenticate clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
