package dev.parley.server.cli.bench;

import dev.parley.crypto.tls.CertificateFingerprint;
import dev.parley.protocol.sdk.ServerAddress;
import dev.parley.protocol.transport.NettyTransport;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * Bench devices that speak the client protocol directly: TLS 1.3, Hello, a signed Register and the
 * first prekey upload (keys made ahead, {@link PremadeKeys}), or a Login, then Send frames whose
 * device payloads are opaque bytes made once by the load generator (no ratchet). The server runs exactly the code it runs for SDK clients, since it
 * never looks inside a payload; only the client-side crypto is left out, so the figures say what
 * the server alone sustains. The certificate is checked against the expected fingerprint after the
 * handshake (or taken as presented when none is known), as the login transcript binds it anyway.
 */
final class RawDriver implements BenchDriver {
  private final ServerAddress server;
  private final CertificateFingerprint expected;
  private final EventLoopGroup group;
  private final NettyTransport transport = NettyTransport.best();
  private final SslContext ssl;
  private final SecureRandom random = new SecureRandom();
  /** Device keys and first uploads, made ahead by the register scenario. */
  final PremadeKeys keys = new PremadeKeys(random);

  RawDriver(ServerAddress server, CertificateFingerprint expected, EventLoopGroup group) {
    this.server = server;
    this.expected = expected;
    this.group = group;
    try {
      this.ssl = SslContextBuilder.forClient()
          .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
          .protocols("TLSv1.3")
          .trustManager(InsecureTrustManagerFactory.INSTANCE)
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS", e);
    }
  }

  @Override
  public String name() {
    return "raw";
  }

  @Override
  public CompletableFuture<BenchDevice> register(String username, Inbox inbox) {
    PremadeKeys.Premade keys = this.keys.take();
    RawDevice device = new RawDevice(this, username, keys.identity(), inbox, at -> null, keys.upload());
    return device.register().thenApply(ignored -> device);
  }

  /**
   * Registers a device whose every connection also runs the handler {@code pushes} makes for it,
   * on frames before they are parsed (see {@link RawSession}); 1:1 deliveries are dropped.
   */
  CompletableFuture<RawDevice> registerWith(String username, Function<RawDevice, ChannelHandler> pushes) {
    PremadeKeys.Premade keys = this.keys.take();
    RawDevice device = new RawDevice(this, username, keys.identity(), Inbox.DROP, pushes, keys.upload());
    return device.register().thenApply(ignored -> device);
  }

  /**
   * Opens a session on the next loop of the shared group; {@code auth} says how to authenticate,
   * {@code pushes} (or null) sees frames before they are parsed.
   */
  RawSession open(RawSession.Auth auth, RawSession.Events events, ChannelHandler pushes) {
    return RawSession.connect(group.next(), transport, ssl, server, expected, auth, events, pushes);
  }

  SecureRandom random() {
    return random;
  }

  @Override
  public void close() {}
}
