package dev.parley.server.cli.bench;

import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.sdk.GroupMessage;
import dev.parley.protocol.sdk.MessageListener;
import dev.parley.protocol.sdk.ParleyClient;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley bench group}: posts to one large group, fanned out by the server to every member's
 * live device. Always SDK clients; on the bench's own server groups are signed, not end-to-end
 * (BenchServerConfig), so the client's cost per delivery is a signature check, not sender-key crypto.
 */
@Command(name = "group", mixinStandardHelpOptions = true,
    description = "Fan-out to a large group: deliveries/s and time until the last member has a post.")
final class GroupCommand implements Callable<Integer> {
  static final double TARGET_DELIVERIES_PER_SECOND = 300_000;

  @Mixin BenchOptions options;

  @Option(names = "--senders", description = "Members who post (default ${DEFAULT-VALUE}).")
  int senders = 2;

  @Option(names = "--window", description = "Closed loop: posts in flight per sender (default ${DEFAULT-VALUE}).")
  int window = 4;

  @Option(names = "--size", description = "Body bytes per post (default ${DEFAULT-VALUE}).")
  int size = 100;

  @Override
  public Integer call() throws Exception {
    int members = options.share(options.users == null ? 1_000 : options.users);
    try (BenchRun run = BenchRun.start(options)) {
      run.finish(run(run, members, Math.min(senders, members), window, size));
      return 0;
    }
  }

  /** Counts member deliveries and, per post, when the last member got it. */
  private static final class Tracker {
    final Latency delivery = new Latency();
    final Latency lastMember = new Latency();
    final LongAdder deliveries = new LongAdder();
    final LongAdder completePosts = new LongAdder();
    final Map<Long, AtomicInteger> pending = new ConcurrentHashMap<>();
    final int expected;

    Tracker(int expected) {
      this.expected = expected;
    }

    void onPost(GroupMessage m, String self) {
      if (m.senderUsername().equals(self) || m.body().length < 16) return;
      ByteBuffer b = ByteBuffer.wrap(m.body());
      long t0 = b.getLong(0);
      long post = b.getLong(8);
      if (t0 == 0) return;
      long now = System.nanoTime();
      delivery.recordNanos(now - t0);
      deliveries.increment();
      AtomicInteger n = pending.computeIfAbsent(post, p -> new AtomicInteger());
      if (n.incrementAndGet() == expected) {
        pending.remove(post);
        lastMember.recordNanos(now - t0);
        completePosts.increment();
      }
    }
  }

  static BenchReport run(BenchRun run, int members, int senders, int window, int size) throws Exception {
    BenchOptions o = run.options;
    if (members < 2) throw new IllegalArgumentException("group needs --users >= 2");
    SdkDriver sdk = run.sdk();
    Tracker tracker = new Tracker(members - 1);
    SecureRandom random = new SecureRandom();
    List<ParleyClient> clients = new ArrayList<>();
    AtomicInteger done = new AtomicInteger();
    run.progress.phase("register", () -> done.get() + " of " + members + " members registered");
    Bounded.all(members, 64, Duration.ofSeconds(120 + members / 20), done, i -> {
      String name = run.user(i);
      ParleyClient c = sdk.builder(IdentityKeyPair.generate(random), new MessageListener() {
        @Override
        public boolean onMessage(dev.parley.protocol.sdk.InboundMessage message) {
          return true;
        }

        @Override
        public boolean onGroupMessage(GroupMessage message) {
          tracker.onPost(message, name);
          return true;
        }
      }).build();
      synchronized (clients) {
        clients.add(c);
      }
      return c.register(name, "bench");
    });
    String group = run.namePrefix + "group";
    ParleyClient owner = clients.stream().filter(c -> c.account().username().equals(run.user(0))).findFirst().orElseThrow();
    List<String> names = new ArrayList<>();
    for (int i = 1; i < members; i++) names.add(run.user(i));
    run.progress.phase("create group", () -> "");
    owner.createGroup(group, names.subList(0, Math.min(500, names.size())), Duration.ZERO).get();
    for (int from = 500; from < names.size(); from += 500) {
      owner.addMembers(group, names.subList(from, Math.min(from + 500, names.size()))).get();
    }
    List<ParleyClient> posters = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      String name = run.user(i);
      posters.add(clients.stream().filter(c -> c.account().username().equals(name)).findFirst().orElseThrow());
    }

    AtomicLong postIds = new AtomicLong(1);
    LongAdder posted = new LongAdder();
    java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    Failures failures = new Failures();
    Latency ack = new Latency();
    boolean[] running = {true};
    Runnable[] post = new Runnable[senders];
    for (int s = 0; s < senders; s++) {
      ParleyClient poster = posters.get(s);
      int index = s;
      post[s] = () -> {
        byte[] body = new byte[Math.max(16, size)];
        long t0 = System.nanoTime();
        ByteBuffer.wrap(body).putLong(0, t0).putLong(8, postIds.getAndIncrement());
        inFlight.incrementAndGet();
        poster.sendToGroup(group, body, Duration.ZERO).whenComplete((r, err) -> {
          inFlight.decrementAndGet();
          if (err != null) failures.add(err);
          else {
            posted.increment();
            ack.recordNanos(System.nanoTime() - t0);
          }
          if (running[0] && o.rate <= 0) post[index].run();
        });
      };
    }
    long[] last = new long[2];
    java.util.function.Supplier<String> line = () -> {
      long d = tracker.deliveries.sum();
      long p = posted.sum();
      var h = tracker.lastMember.interval();
      tracker.delivery.interval();
      String text = String.format("posts %,d/s deliveries %,d/s  time to last member p99 %.1f ms  failed %d",
          p - last[0], d - last[1], h.getValueAtPercentile(99) / 1000.0, failures.total());
      last[0] = p;
      last[1] = d;
      return text;
    };
    run.progress.phase("warm-up", line);
    Thread pacer = null;
    if (o.rate > 0) {
      double perSender = o.shareOfRate() / senders;
      pacer = new Thread(() -> {
        long start = System.nanoTime();
        long issued = 0;
        do {
          long due = 1 + (long) ((System.nanoTime() - start) * perSender * senders / 1e9);
          while (issued < due) post[(int) (issued++ % senders)].run();
          java.util.concurrent.locks.LockSupport.parkNanos(500_000);
        } while (running[0]);
      }, "bench-group-pacer");
      pacer.setDaemon(true);
      pacer.start();
    } else {
      for (int s = 0; s < senders; s++) for (int w = 0; w < window; w++) post[s].run();
    }
    BenchRun.pause(Duration.ofSeconds(o.warmupSeconds));
    run.progress.phase("measure", line);
    tracker.delivery.reset();
    tracker.lastMember.reset();
    ack.reset();
    long d0 = tracker.deliveries.sum();
    long p0 = posted.sum();
    long start = System.nanoTime();
    run.cpuStart();
    BenchRun.pause(o.duration());
    long deliveries = tracker.deliveries.sum() - d0;
    long posts = posted.sum() - p0;
    double seconds = (System.nanoTime() - start) / 1e9;
    BenchReport report = new BenchReport("group");
    run.cpuStop(report, deliveries, "delivery");
    running[0] = false;
    if (pacer != null) pacer.join();
    run.progress.phase("drain", line);
    long deadline = System.nanoTime() + Duration.ofSeconds(o.timeoutSeconds).toNanos();
    // First every post's answer (a member may have a post before its poster has the SendAck), then
    // every delivery: a post no member has yet is not in `pending`, so wait until the counts agree.
    BenchRun.awaitUntil(() -> inFlight.get() == 0 && tracker.pending.isEmpty()
        && tracker.deliveries.sum() == posted.sum() * (members - 1), deadline);

    report.setup("driver", "sdk (groups signed, not end-to-end, on the bench's own server: no client crypto per delivery)")
        .setup("members", members + " (each a live SDK client)")
        .setup("senders", senders + (o.rate > 0 ? ", open loop at " + o.shareOfRate() + " posts/s" : ", closed loop, window " + window))
        .setup("body bytes", size)
        .setup("warm-up / measured", o.warmupSeconds + " s / " + o.durationSeconds + " s");
    report.figure("deliveries/s", deliveries / seconds, "deliv/s", TARGET_DELIVERIES_PER_SECOND, true)
        .figure("posts/s (SendAck)", posts / seconds, "posts/s")
        .figure("time to last member p99", tracker.lastMember.total().getValueAtPercentile(99) / 1000.0, "ms");
    report.latency("post->SendAck", ack.total()).latency("post->member delivery", tracker.delivery.total())
        .latency("post->last member", tracker.lastMember.total());
    report.count("posts acked", posted.sum()).count("member deliveries", tracker.deliveries.sum())
        .count("posts fully delivered", tracker.completePosts.sum())
        .count("posts not yet at every member after drain", tracker.pending.size())
        .count("member deliveries missing after drain", posted.sum() * (members - 1) - tracker.deliveries.sum())
        .count("failed", failures.snapshot());
    for (ParleyClient c : clients) sdk.closeLater(c);
    return report;
  }
}
