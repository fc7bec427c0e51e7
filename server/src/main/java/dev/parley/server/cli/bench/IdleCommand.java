package dev.parley.server.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley bench idle}: server memory per idle authenticated TLS connection. All devices are
 * registered first and disconnected, so the baseline already holds their accounts; then the
 * connections are opened in steps (Login), and at each step the server's RSS and live heap after a
 * full GC are sampled. A least-squares line through the samples gives bytes per connection.
 */
@Command(name = "idle", mixinStandardHelpOptions = true,
    description = "K idle authenticated TLS connections: server bytes per connection at several K, linearity, per-GiB extrapolation.")
final class IdleCommand implements Callable<Integer> {
  static final double TARGET_PER_GIB = 64_000;

  @Mixin BenchOptions options;

  @Option(names = "--steps", split = ",", description = "Connection counts to sample (default ${DEFAULT-VALUE}).")
  int[] steps = {1_000, 2_000, 5_000};

  @Option(names = "--settle", description = "Seconds to wait at each step before sampling (default ${DEFAULT-VALUE}).")
  int settleSeconds = 3;

  @Override
  public Integer call() throws Exception {
    if (!options.driverExplicit()) options.driver = "raw";
    try (BenchRun run = BenchRun.start(options)) {
      run.finish(run(run, Arrays.stream(steps).map(options::share).sorted().toArray(), settleSeconds));
      return 0;
    }
  }

  static BenchReport run(BenchRun run, int[] steps, int settleSeconds) throws Exception {
    BenchReport report = new BenchReport("idle");
    if (run.server.pid().isEmpty()) {
      throw new IllegalArgumentException("idle needs the server's pid: use the default child server or --server-pid");
    }
    long pid = run.server.pid().getAsLong();
    BenchDriver driver = run.driver();
    int max = steps[steps.length - 1];
    AtomicInteger done = new AtomicInteger();
    run.progress.phase("register", () -> done.get() + " of " + max + " devices registered");
    List<BenchDevice> devices = Bounded.all(max, 64, Duration.ofSeconds(120 + max / 20), done,
        i -> driver.register(run.user(i), BenchDriver.Inbox.DROP).thenCompose(d -> d.disconnect().thenApply(v -> d)));
    BenchRun.pause(Duration.ofSeconds(settleSeconds));
    List<long[]> points = new ArrayList<>();
    ServerMemory.Sample base = ServerMemory.sample(pid);
    points.add(new long[] {0, base.rssBytes(), base.heapUsedBytes()});
    run.progress.note(String.format("0 connections: RSS %,d KiB, heap used %,d KiB", base.rssBytes() / 1024, base.heapUsedBytes() / 1024));
    List<Map<String, Object>> samples = new ArrayList<>();
    samples.add(sampleRow(0, base, base));
    int open = 0;
    for (int k : steps) {
      final int from = open;
      AtomicInteger back = new AtomicInteger();
      run.progress.phase("connect " + k, () -> (from + back.get()) + " of " + k + " connected");
      Bounded.all(k - from, 128, Duration.ofSeconds(120 + k / 20), back, i -> devices.get(from + i).reconnect());
      open = k;
      BenchRun.pause(Duration.ofSeconds(settleSeconds));
      ServerMemory.Sample s = ServerMemory.sample(pid);
      points.add(new long[] {k, s.rssBytes(), s.heapUsedBytes()});
      samples.add(sampleRow(k, s, base));
      run.progress.note(String.format("%d connections: RSS %,d KiB (+%,d B/conn), heap used %,d KiB, fds %d", k,
          s.rssBytes() / 1024, (s.rssBytes() - base.rssBytes()) / k, s.heapUsedBytes() / 1024, s.fds()));
    }
    double[] rss = fit(points, 1);
    double[] heap = fit(points, 2);
    report.setup("driver", driver.name() + " (idle: no traffic but pings every 25 s)")
        .setup("steps", Arrays.toString(steps)).setup("settle", settleSeconds + " s, then a full GC (jcmd GC.run)");
    report.figure("server RSS bytes/connection (slope)", rss[0], "B");
    report.figure("idle TLS connections per GiB (RSS)", rss[0] > 0 ? (1L << 30) / rss[0] : 0, "conn/GiB", TARGET_PER_GIB, true);
    report.figure("RSS linearity (R²)", rss[1], "");
    report.figure("live heap bytes/connection (slope)", heap[0], "B");
    report.figure("idle TLS connections per GiB (live heap)", heap[0] > 0 ? (1L << 30) / heap[0] : 0, "conn/GiB");
    report.figure("heap linearity (R²)", heap[1], "");
    report.count("samples", samples);
    for (BenchDevice d : devices) d.disconnect();
    return report;
  }

  private static Map<String, Object> sampleRow(int k, ServerMemory.Sample s, ServerMemory.Sample base) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("connections", k);
    m.put("rss_kib", s.rssBytes() / 1024);
    m.put("heap_used_kib", s.heapUsedBytes() / 1024);
    m.put("fds", s.fds());
    if (k > 0) m.put("rss_bytes_per_conn", (s.rssBytes() - base.rssBytes()) / k);
    return m;
  }

  /** Least squares of column {@code col} against connections: {slope, R²}. */
  static double[] fit(List<long[]> points, int col) {
    int n = points.size();
    double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
    for (long[] p : points) {
      double x = p[0], y = p[col];
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
      syy += y * y;
    }
    double cov = n * sxy - sx * sy;
    double vx = n * sxx - sx * sx;
    double vy = n * syy - sy * sy;
    double slope = vx == 0 ? 0 : cov / vx;
    double r2 = vx == 0 || vy == 0 ? 0 : (cov * cov) / (vx * vy);
    return new double[] {slope, Math.round(r2 * 10_000) / 10_000.0};
  }
}
