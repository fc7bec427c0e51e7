package dev.parley.server.cli.bench;

import dev.parley.crypto.tls.CertificateFingerprint;
import dev.parley.protocol.sdk.ServerAddress;
import dev.parley.server.bootstrap.ParleyServer;
import dev.parley.server.config.ConfigLoader;
import dev.parley.server.config.ServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.OptionalLong;

/** A server inside the bench's own JVM: starts fast, but shares its CPU figures with the load generator. */
final class InProcessServer implements TargetServer {
  private final ParleyServer server;

  private InProcessServer(ParleyServer server) {
    this.server = server;
  }

  static InProcessServer start(Path dataDir, Path config) {
    ServerConfig c = (config == null ? ConfigLoader.defaults() : ConfigLoader.load(config))
        .withHost("127.0.0.1").withPort(0).withDataDir(dataDir);
    return new InProcessServer(ParleyServer.start(c, Clock.systemUTC(), new SimpleMeterRegistry()));
  }

  @Override
  public ServerAddress address() {
    return new ServerAddress("127.0.0.1", server.address().getPort());
  }

  @Override
  public CertificateFingerprint fingerprint() {
    return server.fingerprint();
  }

  @Override
  public OptionalLong pid() {
    return OptionalLong.empty();
  }

  @Override
  public String description() {
    return "in-process server (same JVM: server CPU is included in the load generator's)";
  }

  @Override
  public void close() {
    server.close();
  }
}
