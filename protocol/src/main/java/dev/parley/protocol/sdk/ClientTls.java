package dev.parley.protocol.sdk;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/** Client TLS: TLS 1.3, BoringSSL where available (several times faster than the JDK engine). */
final class ClientTls {
  private ClientTls() {}

  static SslContext context(TrustManager trust) {
    try {
      return SslContextBuilder.forClient()
          .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
          .protocols("TLSv1.3")
          // Reconnects resume the TLS session (a ticket) instead of a full handshake.
          .sessionCacheSize(64)
          .sessionTimeout(24 * 3600)
          .trustManager(trust)
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS", e);
    }
  }
}
