package dev.parley.server.cli.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The load and the measurement of {@code bench group}, whatever the driver: posters post closed
 * loop ({@code window} posts in flight each, the next on each SendAck) or a pacing thread posts at
 * {@code --rate}; then warm-up, measured window, drain, and the figures both drivers report. The
 * driver's side sets up the group and its members and says how to post ({@link Poster}).
 */
final class GroupLoad {
  static final double TARGET_DELIVERIES_PER_SECOND = 300_000;

  /** One member who posts. */
  interface Poster {
    /**
     * Posts once, leaving now ({@code t0Nanos}); registers the post with the tracker before it can
     * reach anyone. Completes with the SendAck. Callable from any thread, never blocks.
     */
    CompletableFuture<?> post(long t0Nanos);
  }

  private final BenchRun run;
  private final GroupTracker tracker;
  private final List<Poster> posters;
  private final int members;
  private final LongAdder posted = new LongAdder();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Failures failures = new Failures();
  private final Latency ack = new Latency();
  private volatile boolean running = true;

  GroupLoad(BenchRun run, GroupTracker tracker, List<Poster> posters, int members) {
    this.run = run;
    this.tracker = tracker;
    this.posters = posters;
    this.members = members;
  }

  /** Runs warm-up, measurement and drain; returns the report with figures, latencies, counts and CPU. */
  BenchReport measure(int window) throws InterruptedException {
    BenchOptions o = run.options;
    long[] last = new long[2];
    Supplier<String> line = () -> progressLine(last);
    run.progress.phase("warm-up", line);
    Thread pacer = null;
    if (o.rate > 0) {
      pacer = new Thread(() -> pace(o.shareOfRate()), "bench-group-pacer");
      pacer.setDaemon(true);
      pacer.start();
    } else {
      for (Poster p : posters) for (int w = 0; w < window; w++) post(p, true);
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
    running = false;
    if (pacer != null) pacer.join();
    run.progress.phase("drain", line);
    long deadline = System.nanoTime() + Duration.ofSeconds(o.timeoutSeconds).toNanos();
    // First every post's answer (a member may have a post before its poster has the SendAck), then
    // every delivery of every acknowledged post.
    BenchRun.awaitUntil(() -> inFlight.get() == 0 && tracker.pending() == 0
        && tracker.deliveries.sum() == posted.sum() * (members - 1), deadline);

    report.figure("deliveries/s", deliveries / seconds, "deliv/s", TARGET_DELIVERIES_PER_SECOND, true)
        .figure("posts/s (SendAck)", posts / seconds, "posts/s")
        .figure("time to last member p99", tracker.lastMember.total().getValueAtPercentile(99) / 1000.0, "ms");
    report.latency("post->SendAck", ack.total()).latency("post->member delivery", tracker.delivery.total())
        .latency("post->last member", tracker.lastMember.total());
    report.count("posts acked", posted.sum()).count("member deliveries", tracker.deliveries.sum())
        .count("posts fully delivered", tracker.completePosts.sum())
        .count("posts not yet at every member after drain", tracker.pending())
        .count("member deliveries missing after drain", posted.sum() * (members - 1) - tracker.deliveries.sum())
        .count("failed", failures.snapshot());
    return report;
  }

  private void post(Poster p, boolean chain) {
    long t0 = System.nanoTime();
    inFlight.incrementAndGet();
    p.post(t0).whenComplete((r, err) -> {
      inFlight.decrementAndGet();
      if (err != null) {
        failures.add(err);
      } else {
        posted.increment();
        ack.recordNanos(System.nanoTime() - t0);
      }
      if (chain && running) post(p, true);
    });
  }

  private void pace(double postsPerSecond) {
    long start = System.nanoTime();
    long issued = 0;
    // do-while: the first post goes out even if the run is stopped before this thread got the CPU.
    do {
      long due = 1 + (long) ((System.nanoTime() - start) * postsPerSecond / 1e9);
      while (issued < due) post(posters.get((int) (issued++ % posters.size())), false);
      LockSupport.parkNanos(500_000);
    } while (running);
  }

  private String progressLine(long[] last) {
    long d = tracker.deliveries.sum();
    long p = posted.sum();
    var h = tracker.lastMember.interval();
    tracker.delivery.interval();
    String text = String.format("posts %,d/s deliveries %,d/s  time to last member p99 %.1f ms  failed %d",
        p - last[0], d - last[1], h.getValueAtPercentile(99) / 1000.0, failures.total());
    last[0] = p;
    last[1] = d;
    return text;
  }
}
