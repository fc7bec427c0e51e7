package dev.parley.server.cli.bench;

import dev.parley.protocol.v1.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.HdrHistogram.Histogram;

/**
 * {@code parley bench surge}: the composite day. A quiet baseline of 1:1 chat first, then, all at
 * once, registrations at half their target rate, reconnects at half theirs and chat at a quarter
 * of its own (all times --scale), for the same time. Chat p99 during the surge is compared with the
 * baseline of the same run; every refusal must be RETRY_LATER and nothing may time out.
 */
@Command(name = "surge", mixinStandardHelpOptions = true,
    description = "Composite day: registrations, reconnects and 1:1 chat at once; chat p99 against a quiet baseline.")
final class SurgeCommand implements Callable<Integer> {
  @Mixin BenchOptions options;

  @Option(names = "--scale", description = "Multiplies the target-derived rates (default ${DEFAULT-VALUE}: 1.0 = "
      + "500 registrations/s, 600 reconnects/s, 7,500 msgs/s).")
  double scale = 0.1;

  @Option(names = "--reconnect-pool", description = "Devices that drop and come back during the surge (default ${DEFAULT-VALUE}).")
  int pool = 500;

  @Override
  public Integer call() throws Exception {
    int users = options.share(options.users == null ? 100 : options.users);
    try (BenchRun run = BenchRun.start(options, true)) {
      run.finish(run(run, users, options.share(pool), scale / options.shardCount()));
      return 0;
    }
  }

  /** Warm-up sign-ups take names far above the surge's own. */
  private static final int WARM_UP_NAMES = 100_000_000;

  static BenchReport run(BenchRun run, int users, int pool, double scale) throws Exception {
    BenchOptions o = run.options;
    BenchDriver driver = run.driver();
    BenchDriver storm = run.stormDriver();
    double chatRate = OneToOneCommand.TARGET_MSGS_PER_SECOND / 4 * scale;
    double registerRate = RegisterCommand.TARGET_PER_SECOND / 2 * scale;
    double reconnectRate = ReconnectCommand.TARGET_PER_SECOND / 2 * scale;
    ChatLoad chat = new ChatLoad(100);
    List<ChatLoad.Pair> pairs = OneToOneCommand.setUp(run, driver, chat, users, "register chat users");
    AtomicInteger done = new AtomicInteger();
    run.progress.phase("register pool", () -> done.get() + " of " + pool);
    List<BenchDevice> devices = Bounded.all(pool, 64, Duration.ofSeconds(120 + pool / 20), done,
        i -> storm.register(run.user(users + i), BenchDriver.Inbox.DROP));
    // Each device drops and comes back at most once at a time; with none idle the reconnect is skipped.
    java.util.Queue<BenchDevice> idle = new java.util.concurrent.ConcurrentLinkedQueue<>(devices);

    // The warm-up runs the whole mix, so that the server's JIT has compiled the sign-up and login
    // paths before the baseline: a server that has run for a day has, and compiling them during the
    // surge would be measured as the surge's cost.
    long[] last = new long[3];
    run.progress.phase("warm-up (chat, sign-ups and reconnects)", () -> chat.progressLine(last));
    chat.startOpen(pairs, chatRate);
    OpLoad warmRegistrations = registrations(run, storm, users + pool + WARM_UP_NAMES);
    OpLoad warmReconnects = reconnects(idle);
    warmRegistrations.startOpen(registerRate);
    warmReconnects.startOpen(reconnectRate);
    BenchRun.pause(Duration.ofSeconds(o.warmupSeconds));
    warmRegistrations.stop();
    warmReconnects.stop();
    warmRegistrations.awaitSettled(Duration.ofSeconds(o.timeoutSeconds));
    warmReconnects.awaitSettled(Duration.ofSeconds(o.timeoutSeconds));
    run.progress.phase("baseline", () -> chat.progressLine(last));
    chat.ackLatency.reset();
    chat.deliveryLatency.reset();
    long chatFailed0 = chat.failures.total();
    BenchRun.pause(o.duration());
    Histogram baseline = chat.ackLatency.total();
    Histogram baselineDelivery = chat.deliveryLatency.total();

    chat.ackLatency.reset();
    chat.deliveryLatency.reset();
    OpLoad registrations = registrations(run, storm, users + pool);
    OpLoad reconnects = reconnects(idle);
    long[] lastReg = new long[1];
    long[] lastRec = new long[1];
    run.progress.phase("surge", () -> chat.progressLine(last) + " | " + registrations.progressLine("reg", lastReg)
        + " | " + reconnects.progressLine("reconn", lastRec));
    BenchReport report = new BenchReport("surge");
    run.cpuStart();
    long start = System.nanoTime();
    registrations.startOpen(registerRate);
    reconnects.startOpen(reconnectRate);
    BenchRun.pause(o.duration());
    double seconds = (System.nanoTime() - start) / 1e9;
    Histogram surge = chat.ackLatency.total();
    Histogram surgeDelivery = chat.deliveryLatency.total();
    registrations.stop();
    reconnects.stop();
    run.cpuStop(report, surge.getTotalCount() + registrations.succeeded.sum() + reconnects.succeeded.sum(), "operation");
    run.progress.phase("drain", () -> chat.progressLine(last));
    chat.stop();
    boolean settled = chat.awaitSettled(Duration.ofSeconds(o.timeoutSeconds))
        & registrations.awaitSettled(Duration.ofSeconds(o.timeoutSeconds))
        & reconnects.awaitSettled(Duration.ofSeconds(o.timeoutSeconds));

    double p99Base = baseline.getValueAtPercentile(99) / 1000.0;
    double p99Surge = surge.getValueAtPercentile(99) / 1000.0;
    long timeouts = chat.inFlight() + registrations.inFlight() + reconnects.inFlight();
    long notRetryLater = nonRetryLater(chat.failures.snapshot()) + nonRetryLater(registrations.failures.snapshot())
        + nonRetryLater(reconnects.failures.snapshot());
    report.setup("driver", driver.name())
        .setup("scale", scale + String.format(" (chat %.0f msgs/s over %d users, registrations %.0f/s, reconnects %.0f/s over %d devices)",
            chatRate, users, registerRate, reconnectRate, pool))
        .setup("baseline / surge", o.durationSeconds + " s each, after " + o.warmupSeconds
            + " s warm-up of the whole mix; sign-ups and reconnects on client event loops of their own");
    report.figure("chat p99 surge / baseline", p99Base > 0 ? p99Surge / p99Base : 0, "x", 2.0, false)
        .figure("chat send->SendAck p99, baseline", p99Base, "ms")
        .figure("chat send->SendAck p99, surge", p99Surge, "ms")
        .figure("chat msgs/s during surge", surge.getTotalCount() / seconds, "msgs/s", chatRate, true)
        .figure("registrations/s during surge", registrations.succeeded.sum() / seconds, "reg/s", registerRate, true)
        .figure("reconnects/s during surge", reconnects.succeeded.sum() / seconds, "conn/s", reconnectRate, true)
        .figure("timeouts (unanswered after drain)", timeouts, "ops", 0, false)
        .figure("refusals other than RETRY_LATER", notRetryLater, "ops", 0, false);
    report.latency("chat send->SendAck baseline", baseline).latency("chat send->SendAck surge", surge)
        .latency("chat send->delivery baseline", baselineDelivery).latency("chat send->delivery surge", surgeDelivery)
        .latency("registration (surge)", registrations.latency.total()).latency("reconnect (surge)", reconnects.latency.total());
    report.count("chat failed", chat.failures.snapshot()).count("chat failed before the surge", chatFailed0)
        .count("registrations", registrations.succeeded.sum()).count("registrations failed", registrations.failures.snapshot())
        .count("reconnects", reconnects.succeeded.sum()).count("reconnects failed", reconnects.failures.snapshot())
        .count("chat skipped (load generator behind)", chat.skipped.sum()).count("settled", settled);
    return report;
  }


  /** Sign-ups of new users named from {@code firstName} on, each disconnected once registered. */
  private static OpLoad registrations(BenchRun run, BenchDriver storm, int firstName) {
    return new OpLoad(Long.MAX_VALUE, n -> storm.register(run.user(firstName + (int) n), BenchDriver.Inbox.DROP)
        .thenCompose(d -> {
          d.disconnect();
          return CompletableFuture.completedFuture(null);
        }));
  }

  /** Drops and restores one idle pool device per operation. */
  private static OpLoad reconnects(java.util.Queue<BenchDevice> idle) {
    return new OpLoad(Long.MAX_VALUE, n -> {
      BenchDevice d = idle.poll();
      if (d == null) return CompletableFuture.failedFuture(new java.util.concurrent.CancellationException("every pool device busy"));
      return d.disconnect().thenCompose(v -> d.reconnect()).whenComplete((v, e) -> idle.add(d));
    });
  }

  private static long nonRetryLater(Map<String, Long> failures) {
    return failures.entrySet().stream()
        .filter(e -> !e.getKey().equals(ErrorCode.RETRY_LATER.name()) && !e.getKey().equals(Failures.SKIPPED))
        .mapToLong(Map.Entry::getValue).sum();
  }
}
