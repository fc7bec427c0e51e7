package dev.parley.server.cli.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * Repeats one asynchronous operation (a registration, a reconnect), closed loop with a fixed number
 * in flight or open loop at a fixed rate, up to {@code limit} operations. Latency counts from the
 * intended start in open loop. Operation {@code n} gets its sequence number.
 */
final class OpLoad {
  final Latency latency = new Latency();
  final LongAdder started = new LongAdder();
  final LongAdder succeeded = new LongAdder();
  final Failures failures = new Failures();
  private final AtomicLong next = new AtomicLong();
  private final long limit;
  private final LongFunction<CompletableFuture<?>> op;
  private volatile boolean running;
  private Thread pacer;

  OpLoad(long limit, LongFunction<CompletableFuture<?>> op) {
    this.limit = limit;
    this.op = op;
  }

  void startClosed(int concurrency) {
    running = true;
    for (int i = 0; i < concurrency; i++) fire(System.nanoTime(), true);
  }

  void startOpen(double ratePerSecond) {
    running = true;
    pacer = new Thread(() -> {
      double perNanos = ratePerSecond / 1e9;
      long start = System.nanoTime();
      long issued = 0;
      do {
        long due = 1 + (long) ((System.nanoTime() - start) * perNanos);
        while (issued < due) {
          fire(start + (long) (issued / perNanos), false);
          issued++;
        }
        LockSupport.parkNanos(500_000);
      } while (running);
    }, "bench-op-pacer");
    pacer.setDaemon(true);
    pacer.start();
  }

  private void fire(long t0, boolean chain) {
    long n = next.getAndIncrement();
    if (n >= limit) {
      running = false;
      return;
    }
    started.increment();
    CompletableFuture<?> f;
    try {
      f = op.apply(n);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete((ok, err) -> {
      if (err != null) {
        failures.add(err);
      } else {
        latency.recordNanos(System.nanoTime() - t0);
        succeeded.increment();
      }
      if (chain && running) fire(System.nanoTime(), true);
    });
  }

  long inFlight() {
    return started.sum() - succeeded.sum() - failures.total();
  }

  /** True once {@code limit} operations were started (the load ends by itself). */
  boolean exhausted() {
    return next.get() >= limit;
  }

  void stop() throws InterruptedException {
    running = false;
    if (pacer != null) pacer.join();
  }

  boolean awaitSettled(Duration timeout) throws InterruptedException {
    return BenchRun.awaitUntil(() -> inFlight() == 0, System.nanoTime() + timeout.toNanos());
  }

  String progressLine(String what, long[] last) {
    long s = succeeded.sum();
    var h = latency.interval();
    String line = String.format("%s %,d/s  in flight %,d  p99 %.1f ms  failed %s", what, s - last[0], inFlight(),
        h.getValueAtPercentile(99) / 1000.0, failures.snapshot());
    last[0] = s;
    return line;
  }
}
