package dev.parley.server.cli.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parley bench reconnect}: all sessions drop at once and come back. */
@Command(name = "reconnect", mixinStandardHelpOptions = true,
    description = "Drop and restore N sessions in rounds: reconnects/s and time until all are back.")
final class ReconnectCommand implements Callable<Integer> {
  static final double TARGET_PER_SECOND = 1_200;

  @Mixin BenchOptions options;

  @Option(names = "--concurrency", description = "Reconnects in flight at once (default ${DEFAULT-VALUE}).")
  int concurrency = 256;

  @Option(names = "--rounds", description = "Measured drop-and-restore rounds, at most (default ${DEFAULT-VALUE}; also bounded by --duration).")
  int rounds = 3;

  @Override
  public Integer call() throws Exception {
    try (BenchRun run = BenchRun.start(options)) {
      run.finish(run(run, options.share(options.users == null ? 2_000 : options.users), concurrency, rounds));
      return 0;
    }
  }

  static BenchReport run(BenchRun run, int users, int concurrency, int maxRounds) throws Exception {
    BenchOptions o = run.options;
    BenchDriver driver = run.driver();
    AtomicInteger done = new AtomicInteger();
    run.progress.phase("register", () -> done.get() + " of " + users + " devices registered");
    List<BenchDevice> devices = Bounded.all(users, 64, Duration.ofSeconds(120 + users / 20), done,
        i -> driver.register(run.user(i), BenchDriver.Inbox.DROP));
    Latency latency = new Latency();
    Failures failures = new Failures();
    // Warm-up rounds for --warmup seconds (at least one), so the login path is compiled before measuring.
    long warmUntil = System.nanoTime() + Duration.ofSeconds(o.warmupSeconds).toNanos();
    int warmRounds = 0;
    do {
      round(run, devices, concurrency, latency, failures, "warm-up round " + ++warmRounds);
    } while (System.nanoTime() < warmUntil);
    latency.reset();
    long measuredNanos = 0;
    long reconnects = 0;
    long worstRoundNanos = 0;
    int rounds = 0;
    long failed0 = failures.total();
    BenchReport report = new BenchReport("reconnect");
    run.cpuStart();
    long endBy = System.nanoTime() + o.duration().toNanos();
    while (rounds < maxRounds && (rounds == 0 || System.nanoTime() < endBy)) {
      long took = round(run, devices, concurrency, latency, failures, "round " + (rounds + 1));
      measuredNanos += took;
      worstRoundNanos = Math.max(worstRoundNanos, took);
      reconnects += devices.size();
      rounds++;
    }
    run.cpuStop(report, reconnects, "reconnect (incl. its drop)");
    long failed = failures.total() - failed0;
    report.setup("driver", driver.name() + (driver.name().equals("sdk")
            ? " (a new ParleyClient per reconnect: full TLS handshake, Hello, Login by resumption token, ListDevices)" : " (TLS, Hello, Login by resumption token)"))
        .setup("sessions", users).setup("concurrency", concurrency).setup("measured rounds", rounds);
    report.figure("reconnects/s", (reconnects - failed) / (measuredNanos / 1e9), "conn/s", TARGET_PER_SECOND, true)
        .figure("time until all back (worst round)", worstRoundNanos / 1e9, "s");
    report.latency("reconnect (login to usable)", latency.total());
    report.count("reconnects", reconnects).count("failed", failures.snapshot());
    if (failed > 0) report.note(failed + " reconnects failed; the rate counts only successful ones");
    return report;
  }

  /** Drops every session, then restores them all; returns the restore time in nanoseconds. */
  private static long round(BenchRun run, List<BenchDevice> devices, int concurrency, Latency latency, Failures failures,
      String name) throws Exception {
    AtomicInteger dropped = new AtomicInteger();
    run.progress.phase(name + ": drop", () -> dropped.get() + " of " + devices.size() + " dropped");
    Bounded.all(devices.size(), concurrency * 4, Duration.ofSeconds(120), dropped, i -> devices.get(i).disconnect());
    AtomicInteger back = new AtomicInteger();
    run.progress.phase(name + ": restore", () -> back.get() + " of " + devices.size() + " back");
    long start = System.nanoTime();
    Bounded.all(devices.size(), concurrency, Duration.ofSeconds(120 + devices.size() / 50), back, i -> {
      long t0 = System.nanoTime();
      return devices.get(i).reconnect().handle((ok, err) -> {
        if (err != null) failures.add(err);
        else latency.recordNanos(System.nanoTime() - t0);
        return (Void) null;
      });
    });
    long took = System.nanoTime() - start;
    run.progress.note(String.format("%s: %d sessions back in %.2f s", name, devices.size(), took / 1e9));
    return took;
  }
}
