package dev.parley.server.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parley bench one-to-one}: N users in N/2 pairs, each pair's first user writing to the second. */
@Command(name = "one-to-one", mixinStandardHelpOptions = true,
    description = "1:1 chat: msgs/s and send->SendAck / send->delivery latency, closed loop or at --rate.")
final class OneToOneCommand implements Callable<Integer> {
  static final double TARGET_MSGS_PER_SECOND = 30_000;
  static final double TARGET_ACK_P99_MS = 5;

  @Mixin BenchOptions options;

  @Option(names = "--window", description = "Closed loop: messages in flight per sender (default ${DEFAULT-VALUE}).")
  int window = 16;

  @Option(names = "--size", description = "Body bytes per message (default ${DEFAULT-VALUE}).")
  int size = 100;

  @Override
  public Integer call() throws Exception {
    int users = options.share(options.users == null ? 200 : options.users);
    if (users < 2) throw new IllegalArgumentException("one-to-one needs --users >= 2 per shard");
    try (BenchRun run = BenchRun.start(options)) {
      BenchReport report = run(run, users, window, size);
      run.finish(report);
      return 0;
    }
  }

  static BenchReport run(BenchRun run, int users, int window, int size) throws Exception {
    BenchOptions o = run.options;
    BenchDriver driver = run.driver();
    ChatLoad chat = new ChatLoad(size);
    List<ChatLoad.Pair> pairs = setUp(run, driver, chat, users, "register");
    boolean open = o.rate > 0;
    long[] last = new long[3];
    run.progress.phase("warm-up", () -> chat.progressLine(last));
    if (open) chat.startOpen(pairs, o.shareOfRate());
    else chat.startClosed(pairs, window);
    BenchRun.pause(Duration.ofSeconds(o.warmupSeconds));

    run.progress.phase("measure", () -> chat.progressLine(last));
    chat.ackLatency.reset();
    chat.deliveryLatency.reset();
    long acked0 = chat.acked.sum();
    long delivered0 = chat.delivered.sum();
    long start = System.nanoTime();
    run.cpuStart();
    BenchRun.pause(o.duration());
    long ackedN = chat.acked.sum() - acked0;
    long deliveredN = chat.delivered.sum() - delivered0;
    double seconds = (System.nanoTime() - start) / 1e9;
    BenchReport report = new BenchReport("one-to-one");
    run.cpuStop(report, ackedN, "message");
    var ack = chat.ackLatency.total();
    var delivery = chat.deliveryLatency.total();

    run.progress.phase("drain", () -> chat.progressLine(last));
    chat.stop();
    boolean settled = chat.awaitSettled(Duration.ofSeconds(o.timeoutSeconds));

    report.setup("driver", driver.name() + (driver.name().equals("sdk") ? " (end-to-end encrypted: client crypto included)" : " (pre-made payloads: server cost only)"))
        .setup("users", users + " (" + pairs.size() + " sending to " + pairs.size() + ")")
        .setup("mode", open ? "open loop at " + o.shareOfRate() + " msgs/s" : "closed loop, window " + window + " per sender")
        .setup("body bytes", size)
        .setup("warm-up / measured", o.warmupSeconds + " s / " + o.durationSeconds + " s");
    report.figure("durable msgs/s (SendAck)", ackedN / seconds, "msgs/s", TARGET_MSGS_PER_SECOND, true)
        .figure("send->SendAck p99", ack.getValueAtPercentile(99) / 1000.0, "ms", TARGET_ACK_P99_MS, false)
        .figure("deliveries/s", deliveredN / seconds, "msgs/s");
    report.latency("send->SendAck", ack).latency("send->delivery", delivery);
    report.count("sent", chat.sent.sum()).count("acked", chat.acked.sum()).count("delivered", chat.delivered.sum())
        .count("failed", chat.failures.snapshot()).count("skipped (load generator behind)", chat.skipped.sum())
        .count("unanswered after drain (timeouts)", chat.inFlight())
        .count("acked but not delivered after drain", Math.max(0, chat.acked.sum() - chat.delivered.sum()))
        .count("settled", settled);
    if (open && chat.skipped.sum() > 0) report.note("the load generator could not keep up with --rate and skipped sends");
    return report;
  }

  /** Registers {@code users} devices (pairs of sender and receiver) and opens each pair's session. */
  static List<ChatLoad.Pair> setUp(BenchRun run, BenchDriver driver, ChatLoad chat, int users, String phase) throws Exception {
    AtomicInteger done = new AtomicInteger();
    run.progress.phase(phase, () -> done.get() + " of " + users + " devices registered");
    List<BenchDevice> devices = Bounded.all(users, 64, Duration.ofSeconds(120 + users / 20), done,
        i -> driver.register(run.user(i), chat.inbox()));
    List<ChatLoad.Pair> pairs = new ArrayList<>();
    for (int i = 0; i + 1 < devices.size(); i += 2) pairs.add(new ChatLoad.Pair(devices.get(i), devices.get(i + 1)));
    // A first message per pair sets up the end-to-end session (PQXDH) before anything is measured.
    AtomicInteger primed = new AtomicInteger();
    run.progress.phase("first contact", () -> primed.get() + " of " + pairs.size() + " sessions set up");
    Bounded.all(pairs.size(), 64, Duration.ofSeconds(120 + pairs.size() / 10), primed,
        i -> pairs.get(i).from().send(pairs.get(i).to(), new byte[16]));
    return pairs;
  }
}
