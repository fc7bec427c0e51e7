package dev.parley.server.cli.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * 1:1 chat traffic between fixed pairs of devices, closed loop (each sender keeps {@code window}
 * messages in flight and sends the next on each SendAck) or open loop (a pacing thread sends at a
 * fixed total rate, and latency counts from the intended send time, so a stalled server is not
 * hidden by coordinated omission). Every body starts with its send time (System.nanoTime, one JVM),
 * so the receiving device measures send-to-delivery.
 */
final class ChatLoad {
  /** {@code from} writes to {@code to}. */
  record Pair(BenchDevice from, BenchDevice to) {}

  /** Above this many unacknowledged sends the open loop skips (and counts) sends instead of queueing more. */
  private static final long MAX_IN_FLIGHT = 200_000;

  final Latency ackLatency = new Latency();
  final Latency deliveryLatency = new Latency();
  final LongAdder sent = new LongAdder();
  final LongAdder acked = new LongAdder();
  final LongAdder delivered = new LongAdder();
  final LongAdder skipped = new LongAdder();
  final Failures failures = new Failures();
  private final int bodyBytes;
  private volatile boolean running;
  private Thread pacer;

  ChatLoad(int bodyBytes) {
    if (bodyBytes < 16) throw new IllegalArgumentException("--size >= 16");
    this.bodyBytes = bodyBytes;
  }

  /** The receiving side: give it to the driver for every device that receives chat. */
  BenchDriver.Inbox inbox() {
    return (at, body) -> {
      long t0 = body.length >= 8 ? ByteBuffer.wrap(body).getLong(0) : 0;
      if (t0 == 0) return; // a set-up message, not part of the load
      deliveryLatency.recordNanos(System.nanoTime() - t0);
      delivered.increment();
    };
  }

  void startClosed(List<Pair> pairs, int window) {
    running = true;
    for (Pair p : pairs) {
      for (int i = 0; i < window; i++) fire(p, System.nanoTime(), true);
    }
  }

  void startOpen(List<Pair> pairs, double ratePerSecond) {
    running = true;
    pacer = new Thread(() -> pace(pairs, ratePerSecond), "bench-pacer");
    pacer.setDaemon(true);
    pacer.start();
  }

  private void pace(List<Pair> pairs, double ratePerSecond) {
    double perNanos = ratePerSecond / 1e9;
    long start = System.nanoTime();
    long issued = 0;
    // do-while: the first send goes out even if the run is stopped before this thread got the CPU.
    do {
      long due = 1 + (long) ((System.nanoTime() - start) * perNanos);
      while (issued < due) {
        long intended = start + (long) (issued / perNanos);
        Pair p = pairs.get((int) (issued % pairs.size()));
        if (inFlight() > MAX_IN_FLIGHT) skipped.increment();
        else fire(p, intended, false);
        issued++;
      }
      LockSupport.parkNanos(200_000);
    } while (running);
  }

  private void fire(Pair p, long t0, boolean chain) {
    byte[] body = new byte[bodyBytes];
    ByteBuffer.wrap(body).putLong(0, t0);
    sent.increment();
    p.from().send(p.to(), body).whenComplete((ok, err) -> {
      if (err != null) {
        failures.add(err);
      } else {
        ackLatency.recordNanos(System.nanoTime() - t0);
        acked.increment();
      }
      if (chain && running) fire(p, System.nanoTime(), true);
    });
  }

  long inFlight() {
    return sent.sum() - acked.sum() - failures.total();
  }

  void stop() throws InterruptedException {
    running = false;
    if (pacer != null) pacer.join();
  }

  /**
   * Waits until every send is answered and every acknowledged message delivered, or {@code timeout};
   * true if everything settled.
   */
  boolean awaitSettled(Duration timeout) throws InterruptedException {
    return BenchRun.awaitUntil(() -> inFlight() == 0 && delivered.sum() >= acked.sum(), System.nanoTime() + timeout.toNanos());
  }

  /** A one-line progress summary since the last call (moves interval latencies into the totals). */
  String progressLine(long[] last) {
    long s = sent.sum();
    long a = acked.sum();
    long d = delivered.sum();
    var ack = ackLatency.interval();
    var del = deliveryLatency.interval();
    String line = String.format("sent %,d/s acked %,d/s delivered %,d/s  in flight %,d  ack p99 %.1f ms  delivery p99 %.1f ms  failed %d",
        s - last[0], a - last[1], d - last[2], inFlight(), ack.getValueAtPercentile(99) / 1000.0,
        del.getValueAtPercentile(99) / 1000.0, failures.total());
    last[0] = s;
    last[1] = a;
    last[2] = d;
    return line;
  }
}
