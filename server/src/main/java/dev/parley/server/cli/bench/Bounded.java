package dev.parley.server.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Runs many asynchronous operations with at most {@code concurrency} in flight, for set-up phases. */
final class Bounded {
  private Bounded() {}

  /** Results in index order; fails with the first failure, or on timeout. */
  static <T> List<T> all(int n, int concurrency, Duration timeout, AtomicInteger done, IntFunction<CompletableFuture<T>> op)
      throws Exception {
    Semaphore permits = new Semaphore(concurrency);
    List<CompletableFuture<T>> futures = new ArrayList<>(n);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < n; i++) {
      if (!permits.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new TimeoutException("set-up did not finish within " + timeout + " (" + done.get() + " of " + n + " done)");
      }
      CompletableFuture<T> f = op.apply(i);
      f.whenComplete((v, e) -> {
        done.incrementAndGet();
        permits.release();
      });
      futures.add(f);
    }
    List<T> out = new ArrayList<>(n);
    for (CompletableFuture<T> f : futures) {
      out.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
    }
    return out;
  }
}
