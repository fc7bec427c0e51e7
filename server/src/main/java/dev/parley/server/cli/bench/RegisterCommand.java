package dev.parley.server.cli.bench;

import dev.parley.protocol.v1.ErrorCode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parley bench register}: a registration storm. */
@Command(name = "register", mixinStandardHelpOptions = true,
    description = "Registration storm: registrations/s, latency and the RETRY_LATER share.")
final class RegisterCommand implements Callable<Integer> {
  static final double TARGET_PER_SECOND = 1_000;

  @Mixin BenchOptions options;

  @Option(names = "--concurrency", description = "Closed loop: registrations in flight (default ${DEFAULT-VALUE}).")
  int concurrency = 64;

  @Override
  public Integer call() throws Exception {
    try (BenchRun run = BenchRun.start(options)) {
      run.finish(run(run, options.share(options.users == null ? 20_000 : options.users), concurrency));
      return 0;
    }
  }

  /** Raw devices' keys made ahead per second of the run: above what two cores register. */
  private static final int PREFILL_PER_SECOND = 1_500;

  static BenchReport run(BenchRun run, int maxRegistrations, int concurrency) throws Exception {
    BenchOptions o = run.options;
    BenchDriver driver = run.driver();
    if (driver instanceof RawDriver raw) {
      // Keys for the whole run, made before the clock starts (at most the storm's size).
      int ahead = (int) Math.min(maxRegistrations, PREFILL_PER_SECOND * (o.warmupSeconds + o.durationSeconds));
      run.progress.phase("making device keys", () -> raw.keys.available() + " of " + ahead);
      raw.keys.prefill(ahead);
    }
    // A registered device closes its connection at once, so a long storm stays under the fd limit.
    OpLoad load = new OpLoad(maxRegistrations, n -> driver.register(run.user((int) n), BenchDriver.Inbox.DROP)
        .thenCompose(d -> { d.disconnect(); return java.util.concurrent.CompletableFuture.completedFuture(null); }));
    long[] last = new long[1];
    run.progress.phase("warm-up", () -> load.progressLine("registered", last));
    if (o.rate > 0) load.startOpen(o.shareOfRate());
    else load.startClosed(concurrency);
    BenchRun.pause(Duration.ofSeconds(o.warmupSeconds));
    run.progress.phase("measure", () -> load.progressLine("registered", last));
    load.latency.reset();
    long ok0 = load.succeeded.sum();
    long refused0 = load.failures.count(ErrorCode.RETRY_LATER.name());
    long failed0 = load.failures.total();
    long start = System.nanoTime();
    run.cpuStart();
    long endBy = start + o.duration().toNanos();
    BenchRun.awaitUntil(() -> load.exhausted() && load.inFlight() == 0, endBy);
    double seconds = (System.nanoTime() - start) / 1e9;
    long ok = load.succeeded.sum() - ok0;
    long refused = load.failures.count(ErrorCode.RETRY_LATER.name()) - refused0;
    long failed = load.failures.total() - failed0;
    BenchReport report = new BenchReport("register");
    run.cpuStop(report, ok, "registration");
    var latency = load.latency.total();
    run.progress.phase("drain", () -> load.progressLine("registered", last));
    load.stop();
    boolean settled = load.awaitSettled(Duration.ofSeconds(o.timeoutSeconds));

    report.setup("driver", driver.name() + (driver.name().equals("sdk")
            ? " (ParleyClient: TLS, Hello, Register, UploadPrekeys of 1+1 one-time keys, ListDevices)"
            : " (TLS, Hello, Register, UploadPrekeys of 1+1 one-time keys made ahead)"))
        .setup("mode", o.rate > 0 ? "open loop at " + o.shareOfRate() + "/s" : "closed loop, " + concurrency + " in flight")
        .setup("warm-up / measured", o.warmupSeconds + " s / " + String.format("%.1f", seconds) + " s");
    report.figure("registrations/s", ok / seconds, "reg/s", TARGET_PER_SECOND, true)
        .figure("RETRY_LATER share", ok + failed == 0 ? 0 : 100.0 * refused / (ok + failed), "%");
    report.latency("registration", latency);
    if (driver instanceof RawDriver raw) report.count("keys made during the run (prefill ran out)", raw.keys.madeWhenTaken.sum());
    report.count("registered", load.succeeded.sum()).count("failed", load.failures.snapshot())
        .count("unanswered after drain (timeouts)", load.inFlight()).count("settled", settled);
    return report;
  }
}
