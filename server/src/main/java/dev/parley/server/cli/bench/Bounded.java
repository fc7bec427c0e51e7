package dev.parley.server.cli.bench;

import dev.parley.protocol.sdk.ParleyException;
import dev.parley.protocol.v1.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs many asynchronous operations with at most {@code concurrency} in flight, for set-up phases.
 * An operation the server refuses with RETRY_LATER is tried again after the time it asks for, as a
 * client would: a set-up that outruns a shedding server waits instead of failing the run.
 */
final class Bounded {
  private static final int MAX_RETRIES = 20;

  private Bounded() {}

  private static <T> CompletableFuture<T> patiently(IntFunction<CompletableFuture<T>> op, int i, int retriesLeft) {
    return op.apply(i).handle((v, e) -> {
      if (e == null) return CompletableFuture.completedFuture(v);
      Throwable cause = Failures.rootCause(e);
      if (retriesLeft > 0 && cause instanceof ParleyException p && p.code() == ErrorCode.RETRY_LATER) {
        long waitMs = Math.max(50, p.retryAfter().toMillis());
        Executor later = CompletableFuture.delayedExecutor(waitMs, TimeUnit.MILLISECONDS);
        return CompletableFuture.supplyAsync(() -> patiently(op, i, retriesLeft - 1), later).thenCompose(f -> f);
      }
      return CompletableFuture.<T>failedFuture(cause);
    }).thenCompose(f -> f);
  }

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
      CompletableFuture<T> f = patiently(op, i, MAX_RETRIES);
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
