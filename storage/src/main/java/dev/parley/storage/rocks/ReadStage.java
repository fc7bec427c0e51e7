package dev.parley.storage.rocks;

import dev.parley.storage.StorageFailureException;
import dev.parley.storage.StorageOverloadedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.rocksdb.RocksDBException;

/**
 * A small fixed pool with a bounded queue that runs reads off the caller's thread. {@link #submit}
 * never blocks: a full queue fails the future at once with {@link StorageOverloadedException}, a
 * closed stage with {@link StorageFailureException}. Futures complete on a read thread.
 */
final class ReadStage {
  /** A read against the DB. */
  @FunctionalInterface
  interface Read<T> {
    T run() throws RocksDBException;
  }

  private final ThreadPoolExecutor executor;
  private final MeterRegistry meters;
  private final Gauge depth;
  private final Counter refused;

  ReadStage(int threads, int queueCapacity, MeterRegistry meters) {
    BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(queueCapacity);
    ThreadFactory factory = Thread.ofPlatform().name("parley-read-", 0).daemon(true).factory();
    this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, queue, factory);
    this.meters = meters;
    this.depth =
        Gauge.builder("parley.read.queue.depth", queue, BlockingQueue::size)
            .description("reads waiting for a read thread")
            .strongReference(true)
            .register(meters);
    this.refused =
        Counter.builder("parley.read.refused").description("reads refused: read queue full").register(meters);
  }

  <T> CompletableFuture<T> submit(Read<T> read) {
    CompletableFuture<T> future = new CompletableFuture<>();
    try {
      executor.execute(() -> run(read, future));
    } catch (RejectedExecutionException e) {
      if (executor.isShutdown()) {
        return CompletableFuture.failedFuture(new StorageFailureException("storage is closed", null));
      }
      refused.increment();
      return CompletableFuture.failedFuture(new StorageOverloadedException("read queue full"));
    }
    return future;
  }

  private static <T> void run(Read<T> read, CompletableFuture<T> future) {
    T result;
    try {
      result = read.run();
    } catch (RocksDBException e) {
      future.completeExceptionally(new StorageFailureException("read failed", e));
      return;
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
      return;
    } catch (Error e) {
      future.completeExceptionally(e);
      throw e;
    }
    future.complete(result);
  }

  /**
   * Refuses new reads and waits for the queued ones to finish, so the DB can be closed under none.
   * Returns false when they did not finish in time (the DB must then stay open).
   */
  boolean shutdown(long timeoutMillis) {
    executor.shutdown();
    boolean interrupted = false;
    boolean done = false;
    long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (!done) {
      try {
        done = executor.awaitTermination(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (!done) break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    meters.remove(depth);
    return done;
  }
}
