package dev.parley.server.bootstrap;

import dev.parley.crypto.tls.CertificateAndKey;
import dev.parley.crypto.tls.SelfSignedCertificates;
import dev.parley.server.config.ServerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's certificate and TLS context: the operator's certificate when configured, otherwise a
 * self-signed one created on first start in {@code <data-dir>/tls/} and reused after.
 */
final class ServerTls {
  private static final Logger log = LoggerFactory.getLogger(ServerTls.class);
  private static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(3650);
  private static final int SESSION_CACHE_SIZE = 100_000;
  private static final int SESSION_TIMEOUT_SECONDS = 24 * 3600;

  private ServerTls() {}

  static CertificateAndKey certificate(ServerConfig config, Clock clock) throws IOException {
    if (config.tls().certFile().isPresent()) {
      return SelfSignedCertificates.readPem(config.tls().certFile().get(), config.tls().keyFile().orElseThrow());
    }
    Path dir = config.dataDir().resolve("tls");
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    if (Files.exists(cert) && Files.exists(key)) return SelfSignedCertificates.readPem(cert, key);
    Files.createDirectories(dir);
    CertificateAndKey created =
        SelfSignedCertificates.generate("parley-server", SELF_SIGNED_VALIDITY, new SecureRandom(), clock);
    SelfSignedCertificates.writePem(created, cert, key);
    log.info("created a self-signed TLS certificate in {}", dir);
    return created;
  }

  static SslContext context(CertificateAndKey ck, ServerConfig config) throws IOException {
    SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    if (provider == SslProvider.JDK) log.warn("BoringSSL unavailable, using the slower JDK TLS engine");
    SslContext ctx = SslContextBuilder.forServer(ck.privateKey(), ck.certificate())
        .sslProvider(provider)
        .protocols(config.tls().protocols())
        .sessionCacheSize(SESSION_CACHE_SIZE)
        .sessionTimeout(SESSION_TIMEOUT_SECONDS)
        .build();
    if (ctx.sessionContext() instanceof OpenSslSessionContext sessions) {
      // Stateless TLS 1.3 session tickets under keys that live as long as the process: a returning
      // client resumes without a certificate signature or key exchange of ours. A restart changes the
      // keys, and clients then do one full handshake.
      SecureRandom random = new SecureRandom();
      byte[] name = new byte[16];
      byte[] hmac = new byte[16];
      byte[] aes = new byte[16];
      random.nextBytes(name);
      random.nextBytes(hmac);
      random.nextBytes(aes);
      sessions.setTicketKeys(new OpenSslSessionTicketKey(name, hmac, aes));
    }
    return ctx;
  }

  /** Gauges of TLS sessions resumed (from the server's session cache or a ticket), BoringSSL only. */
  static void registerMeters(SslContext ctx, MeterRegistry registry) {
    if (ctx.sessionContext() instanceof OpenSslSessionContext sessions) {
      Gauge.builder("parley.tls.resumed", sessions, s -> s.stats().hits() + s.stats().ticketKeyResume())
          .register(registry);
      Gauge.builder("parley.tls.handshakes", sessions, s -> s.stats().accept()).register(registry);
    }
  }
}
