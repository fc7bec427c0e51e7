package dev.parley.server.cli.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley bench catch-up}: devices that were offline while their inboxes filled reconnect
 * at once and drain them. The fill is not measured; the drain is.
 */
@Command(name = "catch-up", mixinStandardHelpOptions = true,
    description = "Offline devices with deep inboxes reconnect and drain: messages/s and time until all are drained.")
final class CatchUpCommand implements Callable<Integer> {
  @Mixin BenchOptions options;

  @Option(names = "--depth", description = "Messages waiting in each offline device's inbox (default ${DEFAULT-VALUE}).")
  int depth = 200;

  @Option(names = "--senders", description = "Devices that fill the inboxes (default ${DEFAULT-VALUE}).")
  int senders = 8;

  @Option(names = "--size", description = "Body bytes per message (default ${DEFAULT-VALUE}).")
  int size = 100;

  @Override
  public Integer call() throws Exception {
    int receivers = options.share(options.users == null ? 50 : options.users);
    try (BenchRun run = BenchRun.start(options)) {
      run.finish(run(run, receivers, Math.max(1, Math.min(senders, receivers)), depth, size));
      return 0;
    }
  }

  static BenchReport run(BenchRun run, int receivers, int senders, int depth, int size) throws Exception {
    BenchOptions o = run.options;
    BenchDriver driver = run.driver();
    Map<BenchDevice, AtomicInteger> got = new ConcurrentHashMap<>();
    Map<BenchDevice, Long> doneAt = new ConcurrentHashMap<>();
    LongAdder drained = new LongAdder();
    long[] drainStart = {Long.MAX_VALUE};
    BenchDriver.Inbox inbox = (at, body) -> {
      if (body.length < 8 || ByteBuffer.wrap(body).getLong(0) == 0) return;
      drained.increment();
      if (got.computeIfAbsent(at, d -> new AtomicInteger()).incrementAndGet() == depth) doneAt.put(at, System.nanoTime());
    };
    AtomicInteger done = new AtomicInteger();
    int total = receivers + senders;
    run.progress.phase("register", () -> done.get() + " of " + total + " devices registered");
    List<BenchDevice> all = Bounded.all(total, 64, Duration.ofSeconds(120 + total / 20), done,
        i -> driver.register(run.user(i), i < receivers ? inbox : BenchDriver.Inbox.DROP));
    List<BenchDevice> rx = all.subList(0, receivers);
    List<BenchDevice> tx = all.subList(receivers, total);
    AtomicInteger offline = new AtomicInteger();
    run.progress.phase("go offline", () -> offline.get() + " of " + receivers);
    Bounded.all(receivers, 64, Duration.ofSeconds(60), offline, i -> rx.get(i).disconnect());

    long messages = (long) receivers * depth;
    AtomicInteger filled = new AtomicInteger();
    run.progress.phase("fill", () -> String.format("%,d of %,d messages stored", filled.get(), messages));
    long fillStart = System.nanoTime();
    Bounded.all((int) messages, 64 * senders, Duration.ofSeconds(600), filled, n -> {
      // Round-robin over receivers, each receiver always from the same sender: one session per pair.
      BenchDevice to = rx.get(n % receivers);
      BenchDevice from = tx.get((n % receivers) % senders);
      byte[] body = new byte[Math.max(16, size)];
      ByteBuffer.wrap(body).putLong(0, 1).putLong(8, n);
      return from.send(to, body);
    });
    double fillSeconds = (System.nanoTime() - fillStart) / 1e9;

    Latency perDevice = new Latency();
    run.progress.phase("drain", () -> String.format("%,d of %,d drained, %d of %d devices done", drained.sum(), messages,
        doneAt.size(), receivers));
    BenchReport report = new BenchReport("catch-up");
    run.cpuStart();
    drainStart[0] = System.nanoTime();
    List<java.util.concurrent.CompletableFuture<Void>> logins = new ArrayList<>();
    for (BenchDevice d : rx) logins.add(d.reconnect());
    long deadline = drainStart[0] + Duration.ofSeconds(o.durationSeconds + o.timeoutSeconds).toNanos();
    BenchRun.awaitUntil(() -> doneAt.size() >= receivers, deadline);
    long end = doneAt.isEmpty() ? System.nanoTime() : doneAt.values().stream().mapToLong(Long::longValue).max().getAsLong();
    double seconds = Math.max(1e-9, (doneAt.size() < receivers ? System.nanoTime() : end) - drainStart[0]) / 1e9;
    run.cpuStop(report, drained.sum(), "message");
    for (long t : doneAt.values()) perDevice.recordNanos(t - drainStart[0]);

    report.setup("driver", driver.name() + (driver.name().equals("sdk") ? " (receivers decrypt every message)" : " (opaque payloads)"))
        .setup("offline devices", receivers).setup("inbox depth", depth).setup("senders (fill)", senders)
        .setup("fill", String.format("%,d messages in %.1f s (%,.0f msgs/s, not measured further)", messages, fillSeconds,
            messages / fillSeconds));
    report.figure("drained msgs/s", drained.sum() / seconds, "msgs/s")
        .figure("time until all drained", seconds, "s");
    report.latency("reconnect->inbox empty (per device)", perDevice.total());
    report.count("messages stored", messages).count("messages drained", drained.sum())
        .count("devices fully drained", doneAt.size() + " of " + receivers);
    if (doneAt.size() < receivers) report.note("not every device drained within --duration + --timeout");
    return report;
  }
}
