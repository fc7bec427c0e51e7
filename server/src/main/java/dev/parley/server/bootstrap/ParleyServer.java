package dev.parley.server.bootstrap;

import dev.parley.crypto.tls.CertificateAndKey;
import dev.parley.crypto.tls.CertificateFingerprint;
import dev.parley.protocol.transport.NettyTransport;
import dev.parley.server.account.AccountService;
import dev.parley.server.admin.AdminContext;
import dev.parley.server.admin.PeerPolicy;
import dev.parley.server.metrics.MetricsHttpServer;
import dev.parley.server.registration.RegistrationGate;
import dev.parley.server.admission.Admission;
import dev.parley.server.admission.CommitLoad;
import dev.parley.server.admission.EventLoopLag;
import dev.parley.server.admission.ServerLoad;
import dev.parley.server.admission.LimitsControl;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.connection.Services;
import dev.parley.server.account.UserLookup;
import dev.parley.server.device.DeviceService;
import dev.parley.server.group.GroupInvites;
import dev.parley.server.group.GroupService;
import dev.parley.server.group.TypingRelay;
import dev.parley.server.keys.KeyDirectoryService;
import dev.parley.server.messaging.MessagingService;
import dev.parley.server.metrics.ServerMetrics;
import dev.parley.server.pipeline.ServerChannelInitializer;
import dev.parley.server.presence.PresenceService;
import dev.parley.server.router.SessionRouter;
import dev.parley.server.sync.CatchUpBound;
import dev.parley.server.sync.HistoryService;
import dev.parley.server.sync.SyncService;
import dev.parley.storage.Storage;
import dev.parley.storage.rocks.RocksConfig;
import dev.parley.storage.rocks.RocksStorage;
import dev.parley.storage.rocks.SyncPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Parley server: storage, services and the client listener. {@link #start} returns once
 * the port is bound; {@link #close} shuts down gracefully (stop accepting, tell sessions to go away,
 * drain the commit stage, close the store). Both block and must not be called on an event loop.
 */
public final class ParleyServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ParleyServer.class);
  public static final String VERSION = "0.1.0";
  private static final long SHUTDOWN_RETRY_AFTER_MS = 2_000;
  /** Below this many one-time prekeys of either kind, a device is told to upload more. */
  private static final int PREKEY_LOW_WATERMARK = 20;

  private final ServerConfig config;
  private final Storage storage;
  private final SessionRouter router;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ChannelGroup channels;
  private final Channel listener;
  private final CertificateFingerprint fingerprint;
  private final Admission admission;
  private boolean closed;
  private volatile boolean accepting = true;
  private OpsEndpoints ops;

  private ParleyServer(
      ServerConfig config, Storage storage, SessionRouter router, EventLoopGroup boss, EventLoopGroup workers,
      ChannelGroup channels, Channel listener, CertificateFingerprint fingerprint, Admission admission) {
    this.config = config;
    this.storage = storage;
    this.router = router;
    this.boss = boss;
    this.workers = workers;
    this.channels = channels;
    this.listener = listener;
    this.fingerprint = fingerprint;
    this.admission = admission;
  }

  /** Starts a server on the embedded RocksDB store in the config's data directory. */
  public static ParleyServer start(ServerConfig config, Clock clock, MeterRegistry meters) {
    return start(config, clock, meters, () -> RocksStorage.open(rocksConfig(config), clock, meters));
  }

  /**
   * Starts a server on the store {@code storage} opens, which the server then owns and closes. For
   * other storage engines, and for tests that wrap the store to inject faults.
   */
  public static ParleyServer start(ServerConfig config, Clock clock, MeterRegistry meters, Supplier<Storage> storage) {
    return start(config, clock, meters, storage, PeerPolicy.rootOrServerUser());
  }

  /** As above, with the rule for who may use the admin socket (tests check the refusal through it). */
  public static ParleyServer start(
      ServerConfig config, Clock clock, MeterRegistry meters, Supplier<Storage> storage, PeerPolicy adminPeers) {
    OpsEndpoints.configure(meters);
    try {
      Files.createDirectories(config.dataDir());
      CertificateAndKey certificate = ServerTls.certificate(config, clock);
      SslContext ssl = ServerTls.context(certificate, config);
      ServerTls.registerMeters(ssl, meters);
      CertificateFingerprint fingerprint = CertificateFingerprint.of(certificate.certificate());
      return bind(config, clock, meters, storage.get(), ssl, fingerprint, adminPeers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The RocksDB settings for {@code config}: the store lives in {@code <data-dir>/db}. */
  public static RocksConfig rocksConfig(ServerConfig config) {
    var s = config.storage();
    return new RocksConfig(
        config.dataDir().resolve("db"),
        s.sync().equals("fsync") ? SyncPolicy.FSYNC : SyncPolicy.ASYNC,
        s.commitQueueCapacity(),
        s.maxBatchSize(),
        s.dedupWindow(),
        s.sweepInterval());
  }

  private static ParleyServer bind(
      ServerConfig config, Clock clock, MeterRegistry meters, Storage storage, SslContext ssl,
      CertificateFingerprint fingerprint, PeerPolicy adminPeers) {
    SessionRouter router = new SessionRouter();
    RegistrationGate registration;
    try {
      registration = RegistrationGate.load(storage.admin());
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    SecureRandom random = new SecureRandom();
    ServerMetrics metrics = new ServerMetrics(meters);
    // The loops are probed once they exist (below); until then the lag reads 0.
    EventLoopLag loopLag = new EventLoopLag(config.admission().loopLagProbeInterval(), System::nanoTime, meters);
    ServerLoad load = new ServerLoad(config.admission().shedding(),
        new CommitLoad(meters, config.storage().commitQueueCapacity()), loopLag::lagNanos, meters);
    var limits = config.limits();
    GroupService groups = new GroupService(storage.groups(), storage.accounts(), router, clock,
        limits.maxGroupMembers(), limits.maxE2eGroupMembers(), limits.maxBodyBytes(), limits.maxTtl(),
        CatchUpBound.of(config.sync())::startAfter);
    Services services =
        new Services(
            config, VERSION,
            new AccountService(storage.accounts(), fingerprint.sha256(), clock, registration,
                config.admission().resumptionTtl(), config.admission().maxResumptionTokens(), random),
            new MessagingService(storage.accounts(), storage.inboxes(), router, clock, limits.maxBodyBytes(), limits.maxTtl()),
            new KeyDirectoryService(storage.accounts(), storage.prekeys(), router, PREKEY_LOW_WATERMARK),
            new DeviceService(storage.accounts(), router, fingerprint.sha256(), clock, random),
            groups,
            new GroupInvites(groups, storage.groups(), storage.groupInvites(), clock, random),
            storage.groups(),
            new TypingRelay(storage.groups(), new UserLookup(storage.accounts()), router),
            new PresenceService(storage.presence(), new UserLookup(storage.accounts()), config.presence(), clock,
                GlobalEventExecutor.INSTANCE, load),
            storage.inboxes(), router, metrics, clock, random,
            new SyncService(storage.inboxes(), storage.groups(), clock, CatchUpBound.of(config.sync()),
                config.sync().maxPageEntries(), limits.maxFrameBytes()),
            new Admission(config.admission(), clock, metrics, load),
            new HistoryService(storage.groups(), clock, config.sync().historyPageSize(), limits.maxFrameBytes()));
    NettyTransport transport = NettyTransport.best();
    EventLoopGroup boss = transport.newGroup(1, "parley-accept");
    EventLoopGroup workers = transport.newGroup(config.ioThreads(), "parley-io");
    loopLag.start(workers);
    ChannelGroup channels = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
    try {
      Channel listener =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(transport.serverSocketChannel())
              .option(ChannelOption.SO_BACKLOG, 4096)
              .option(ChannelOption.SO_REUSEADDR, true)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childOption(
                  ChannelOption.WRITE_BUFFER_WATER_MARK,
                  new WriteBufferWaterMark(limits.writeBufferLowBytes(), limits.writeBufferHighBytes()))
              .childHandler(new ServerChannelInitializer(ssl, services, channels))
              .bind(config.host(), config.port())
              .syncUninterruptibly()
              .channel();
      log.info(
          "Parley {} listening on {} ({} transport, TLS {}), data in {}, sync={}",
          VERSION, listener.localAddress(), transport, config.tls().protocols(), config.dataDir().toAbsolutePath().normalize(),
          config.storage().sync());
      log.info("TLS certificate SHA-256 fingerprint: {}", fingerprint.toColonHex());
      meters.gauge("parley.sessions", router, SessionRouter::size);
      OutboundBytes.register(meters, channels);
      AdminContext adminContext = new AdminContext(
          config, VERSION, clock.millis(), storage, router, metrics, registration, services.admission(), clock);
      ParleyServer server = new ParleyServer(
          config, storage, router, boss, workers, channels, listener, fingerprint, services.admission());
      try {
        server.ops = OpsEndpoints.start(adminContext, adminPeers, server::ready);
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
      return server;
    } catch (RuntimeException e) {
      boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      storage.close();
      throw e;
    }
  }

  /** The bound address (the real port when configured with port 0). */
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  public CertificateFingerprint fingerprint() {
    return fingerprint;
  }

  /** The admission limits, changeable while the server runs. */
  public LimitsControl limits() {
    return admission;
  }

  public ServerConfig config() {
    return config;
  }

  /** Ready: the client listener is up and the storage accepts writes. */
  public boolean ready() {
    return accepting && listener.isActive() && storage.healthy();
  }

  public Path adminSocket() {
    return ops.admin().socket();
  }

  /** The metrics and health HTTP address, when it is on. */
  public Optional<InetSocketAddress> metricsAddress() {
    return ops.http().map(MetricsHttpServer::address);
  }

  public int liveSessions() {
    return router.size();
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    accepting = false;
    if (ops != null) ops.close();
    long graceMs = config.timeouts().shutdownGrace().toMillis();
    log.info("shutting down: no new connections, telling sessions to come back later");
    listener.close().awaitUninterruptibly(graceMs);
    router.shutdownAll(SHUTDOWN_RETRY_AFTER_MS);
    channels.close().awaitUninterruptibly(graceMs);
    workers.shutdownGracefully(0, graceMs, TimeUnit.MILLISECONDS).awaitUninterruptibly(graceMs);
    boss.shutdownGracefully(0, graceMs, TimeUnit.MILLISECONDS).awaitUninterruptibly(graceMs);
    storage.close();
    log.info("shut down cleanly");
  }
}
