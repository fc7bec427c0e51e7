package dev.parley.server.testkit;

import dev.parley.crypto.tls.CertificateFingerprint;
import dev.parley.protocol.sdk.ServerAddress;
import dev.parley.server.bootstrap.ParleyServer;
import dev.parley.server.config.AdmissionConfig;
import dev.parley.server.config.ConfigLoader;
import dev.parley.server.config.ServerConfig;
import dev.parley.storage.Storage;
import dev.parley.storage.rocks.RocksStorage;
import dev.parley.server.admin.PeerPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * An in-process Parley server on 127.0.0.1 and an ephemeral port, with its data in a test's
 * temporary directory, real TLS and real RocksDB. Restartable on the same data.
 */
public final class TestServer implements ServerEndpoint, AutoCloseable {
  /** A bucket no test reaches. */
  public static final AdmissionConfig.Bucket UNLIMITED = new AdmissionConfig.Bucket(1_000_000, 10_000_000);

  private ServerConfig config;
  private final Function<Storage, Storage> storageWrapper;
  private final Clock clock;
  private ParleyServer server;
  private MeterRegistry meters;

  private final PeerPolicy adminPeers;

  private TestServer(ServerConfig config, Function<Storage, Storage> storageWrapper, Clock clock, PeerPolicy adminPeers) {
    this.adminPeers = adminPeers;
    this.config = config;
    this.storageWrapper = storageWrapper;
    this.clock = clock;
  }

  public static TestServer start(Path dataDir) {
    return start(dataDir, c -> c);
  }

  public static TestServer start(Path dataDir, UnaryOperator<ServerConfig> tweak) {
    return start(dataDir, tweak, s -> s);
  }

  /** Starts with the RocksDB store wrapped by {@code storageWrapper} (for fault injection). */
  public static TestServer start(Path dataDir, UnaryOperator<ServerConfig> tweak, Function<Storage, Storage> storageWrapper) {
    return start(dataDir, tweak, storageWrapper, Clock.systemUTC());
  }

  /** Starts with every component on {@code clock}, so tests can move time instead of waiting. */
  public static TestServer start(
      Path dataDir, UnaryOperator<ServerConfig> tweak, Function<Storage, Storage> storageWrapper, Clock clock) {
    return start(dataDir, tweak, storageWrapper, clock, PeerPolicy.rootOrServerUser());
  }

  /** Starts with {@code adminPeers} deciding who may use the admin socket. */
  public static TestServer start(
      Path dataDir, UnaryOperator<ServerConfig> tweak, Function<Storage, Storage> storageWrapper, Clock clock,
      PeerPolicy adminPeers) {
    ServerConfig defaults = ConfigLoader.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir);
    // The metrics port too is any free one, so servers of parallel tests never collide. Tests register
    // hundreds of users from 127.0.0.1 in seconds, on a machine whose event loops other tests keep
    // busy: no bucket and no event-loop lag sheds them. Admission tests set their own limits and marks.
    AdmissionConfig admission = defaults.admission().withAllBuckets(UNLIMITED);
    ServerConfig base = defaults.withOperations(defaults.operations().withMetricsPort(0))
        .withAdmission(admission.withShedding(new AdmissionConfig.Shedding(
            admission.shedding().commitQueueFraction(), AdmissionConfig.Shedding.MAX_LAG, AdmissionConfig.Shedding.MAX_LAG)));
    ServerConfig config = tweak.apply(base);
    TestServer s = new TestServer(config, storageWrapper, clock, adminPeers);
    s.boot();
    return s;
  }

  private void boot() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    meters = prometheus;
    server =
        ParleyServer.start(
            config, clock, meters,
            () -> storageWrapper.apply(RocksStorage.open(ParleyServer.rocksConfig(config), clock, meters)), adminPeers);
  }

  /** Graceful stop and start on the same data directory and port: connected clients come back by themselves. */
  public void restartOnSamePort() {
    int port = server.address().getPort();
    server.close();
    config = config.withPort(port);
    boot();
  }

  /** Graceful stop and start on the same data directory; the port changes. */
  public void restart() {
    server.close();
    boot();
  }

  @Override
  public ServerAddress address() {
    return new ServerAddress("127.0.0.1", server.address().getPort());
  }

  @Override
  public CertificateFingerprint fingerprint() {
    return server.fingerprint();
  }

  public ParleyServer server() {
    return server;
  }

  /** The running server's meters (new on every restart). */
  public MeterRegistry meters() {
    return meters;
  }

  public ServerConfig config() {
    return config;
  }

  @Override
  public void close() {
    server.close();
  }
}
