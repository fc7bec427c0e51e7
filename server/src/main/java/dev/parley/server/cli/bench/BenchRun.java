package dev.parley.server.cli.bench;

import dev.parley.crypto.tls.CertificateFingerprint;
import dev.parley.protocol.sdk.ClientConfig;
import dev.parley.protocol.sdk.ServerAddress;
import dev.parley.protocol.sdk.ServerTrust;
import dev.parley.protocol.transport.NettyTransport;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Everything one scenario run needs: the target server, the shared client event loops, the driver,
 * progress output and CPU accounting. Created by {@link #start}, closed when the scenario ends.
 */
final class BenchRun implements AutoCloseable {
  final BenchOptions options;
  final TargetServer server;
  final EventLoopGroup loops;
  final Progress progress;
  /** Prefix of every user name of this run and shard, so runs against one server never collide. */
  final String namePrefix;
  private final Path tempData;
  private final PrintStream human;
  private BenchDriver sdk;
  private BenchDriver raw;
  private EventLoopGroup stormLoops;
  private BenchDriver storm;
  private long cpuStartServer = -1;
  private long cpuStartSelf;
  private long cpuStartNanos;

  private BenchRun(BenchOptions options, TargetServer server, Path tempData, PrintStream human) {
    this.options = options;
    this.server = server;
    this.tempData = tempData;
    this.human = human;
    this.loops = NettyTransport.best().newGroup(options.loops, "bench-client");
    this.progress = new Progress(human, options.quiet);
    this.namePrefix = "b" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36)
        + "s" + options.shardIndex() + "u";
  }

  /** A run that measures capacity: the bench's own server does not shed on event-loop lag. */
  static BenchRun start(BenchOptions o) throws Exception {
    return start(o, false);
  }

  /** {@code shedOnLoad}: the bench's own server keeps the default load-shedding marks (surge). */
  static BenchRun start(BenchOptions o, boolean shedOnLoad) throws Exception {
    return start(o, shedOnLoad, false);
  }

  /** A capacity run whose own server keeps end-to-end groups (group-start). */
  static BenchRun startWithE2eGroups(BenchOptions o) throws Exception {
    return start(o, false, true);
  }

  private static BenchRun start(BenchOptions o, boolean shedOnLoad, boolean e2eGroups) throws Exception {
    o.check();
    PrintStream human = "-".equals(o.json) ? System.err : System.out;
    if (o.server != null) {
      ServerAddress a = ServerAddress.parse(o.server, 7420);
      if (!a.host().equals("127.0.0.1") && !a.host().equals("localhost") && !a.host().equals("::1")) {
        throw new IllegalArgumentException("the bench loads loopback servers only (127.0.0.1), not " + a.host());
      }
      CertificateFingerprint fp = o.fingerprint == null ? null : CertificateFingerprint.parse(o.fingerprint);
      OptionalLong pid = o.serverPid == null ? OptionalLong.empty() : OptionalLong.of(o.serverPid);
      return new BenchRun(o, new ExternalServer(a, fp, pid), null, human);
    }
    Path temp = o.data == null ? Files.createTempDirectory("parley-bench-") : null;
    Path data = o.data != null ? o.data : temp;
    Path config = o.serverConfig != null ? o.serverConfig : BenchServerConfig.write(data, shedOnLoad, e2eGroups);
    TargetServer s = o.inProcess
        ? InProcessServer.start(data, config)
        : ChildServer.start(data, config,
            o.serverJvmOpts.isBlank() ? List.of() : Arrays.asList(o.serverJvmOpts.trim().split("\\s+")));
    return new BenchRun(o, s, temp, human);
  }

  /** The driver the options name. */
  BenchDriver driver() {
    return "raw".equals(options.driver) ? raw() : sdk();
  }

  synchronized SdkDriver sdk() {
    if (sdk == null) sdk = newSdkDriver(loops);
    return (SdkDriver) sdk;
  }

  private SdkDriver newSdkDriver(EventLoopGroup group) {
    ServerTrust trust = server.fingerprint() == null ? presented -> {} : ServerTrust.pinned(server.fingerprint());
    return new SdkDriver(ClientConfig.defaults(server.address()).withClientName("parley-bench"), trust, group);
  }

  private RawDriver newRawDriver(EventLoopGroup group) {
    return new RawDriver(server.address(), server.fingerprint(), group);
  }

  /**
   * A second driver of the same kind on event loops of its own, for a storm of sign-ups and
   * reconnects beside chat: on the chat clients' loops, the storm's client-side crypto and
   * handshakes would queue chat in the load generator and count against the server's latency.
   */
  synchronized BenchDriver stormDriver() {
    if (storm == null) {
      stormLoops = NettyTransport.best().newGroup(options.loops, "bench-storm");
      storm = "raw".equals(options.driver) ? newRawDriver(stormLoops) : newSdkDriver(stormLoops);
    }
    return storm;
  }

  synchronized RawDriver raw() {
    if (raw == null) raw = newRawDriver(loops);
    return (RawDriver) raw;
  }

  String user(int i) {
    return namePrefix + i;
  }

  /** Starts the CPU window (server from /proc, this JVM from the OS bean). */
  void cpuStart() {
    cpuStartServer = server.pid().isPresent() ? ProcStats.cpuMicros(server.pid().getAsLong()).orElse(-1) : -1;
    cpuStartSelf = ProcStats.selfCpuMicros();
    cpuStartNanos = System.nanoTime();
  }

  /**
   * Ends the CPU window and reports server µs per {@code opName} over {@code ops}, both processes'
   * cores, and whether the load generator is the likelier bottleneck.
   */
  void cpuStop(BenchReport report, long ops, String opName) {
    cpuStop(report, ops, opName, "try --driver raw or run shards on another machine");
  }

  /** As above; {@code advice} follows the note that the load generator is the bottleneck. */
  void cpuStop(BenchReport report, long ops, String opName, String advice) {
    double wallMicros = (System.nanoTime() - cpuStartNanos) / 1_000.0;
    long self = ProcStats.selfCpuMicros() - cpuStartSelf;
    int cores = Runtime.getRuntime().availableProcessors();
    double selfCores = self / wallMicros;
    report.cpu("machine cores", cores);
    report.cpu("load generator CPU (cores)", round2(selfCores));
    report.cpu("load generator CPU µs/" + opName, ops > 0 ? Math.round(self / (double) ops) : 0);
    if (cpuStartServer >= 0) {
      long serverMicros = ProcStats.cpuMicros(server.pid().getAsLong()).orElse(cpuStartServer) - cpuStartServer;
      double serverCores = serverMicros / wallMicros;
      report.cpu("server CPU (cores)", round2(serverCores));
      report.cpu("server CPU µs/" + opName, ops > 0 ? Math.round(serverMicros / (double) ops) : 0);
      if (selfCores + serverCores > 0.85 * cores && selfCores > serverCores) {
        report.note(String.format("the machine's %d cores were busy (server %.2f + load generator %.2f) and the load "
            + "generator used more: it is the bottleneck; %s", cores, serverCores, selfCores, advice));
      } else if (selfCores + serverCores > 0.85 * cores) {
        report.note(String.format("the machine's %d cores were busy (server %.2f + load generator %.2f): the figures are "
            + "CPU-bound on this shared machine", cores, serverCores, selfCores));
      }
    } else {
      report.cpu("server CPU", "not measured (" + server.description() + ")");
    }
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** Prints the table (and the JSON where asked). */
  void finish(BenchReport report) throws IOException {
    report.setup("server", server.description());
    report.setup("date", java.time.ZonedDateTime.now().withNano(0).toString());
    report.setup("jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
    report.setup("uptime load", loadAverage());
    report.printTable(human);
    if ("-".equals(options.json)) {
      System.out.println(report.json());
    } else if (options.json != null) {
      Files.writeString(Path.of(options.json), report.json() + "\n");
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Sleeps {@code d} (the run's clock; the bench may sleep, the server's event loops never do). */
  static void pause(Duration d) throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep(d.toNanos());
  }

  /**
   * Waits until {@code done} holds or {@code deadlineNanos} (System.nanoTime) passes; true if it
   * holds. It polls every 20 ms: what it waits on are counters that many client threads bump on
   * every operation, and signalling a waiter from that hot path would cost more than a drain ever
   * needs to be precise (reports are in seconds).
   */
  static boolean awaitUntil(java.util.function.BooleanSupplier done, long deadlineNanos) throws InterruptedException {
    while (!done.getAsBoolean()) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) return false;
      TimeUnit.NANOSECONDS.sleep(Math.min(left, POLL_NANOS));
    }
    return true;
  }

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  @Override
  public void close() {
    progress.close();
    if (sdk != null) sdk.close();
    if (raw != null) raw.close();
    if (storm != null) storm.close();
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    if (stormLoops != null) stormLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    server.close();
    if (tempData != null) deleteTree(tempData);
  }

  static void deleteTree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp directory is harmless.
    }
  }
}
