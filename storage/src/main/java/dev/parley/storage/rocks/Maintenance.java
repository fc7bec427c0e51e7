package dev.parley.storage.rocks;

import dev.parley.storage.StorageFailureException;
import dev.parley.storage.StorageOverloadedException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One thread for slow operator work (checkpoints, compaction, statistics) so that it never occupies
 * the commit thread or a read thread. A few jobs may wait; more are refused as overload.
 */
final class Maintenance {
  private static final int QUEUE_CAPACITY = 8;
  private final ThreadPoolExecutor executor =
      new ThreadPoolExecutor(
          1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
          r -> Thread.ofPlatform().name("parley-maintenance").daemon(true).unstarted(r));

  @FunctionalInterface
  interface Job<T> {
    T run() throws Exception;
  }

  <T> CompletableFuture<T> submit(Job<T> job) {
    CompletableFuture<T> future = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              future.complete(job.run());
            } catch (Exception e) {
              future.completeExceptionally(
                  e instanceof RuntimeException r ? r : new StorageFailureException("maintenance failed", e));
            } catch (Error e) {
              future.completeExceptionally(e);
              throw e;
            }
          });
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          executor.isShutdown()
              ? new StorageFailureException("storage is closed", null)
              : new StorageOverloadedException("maintenance queue full"));
    }
    return future;
  }

  /** Refuses new jobs and waits for the running one; false when it did not finish in time. */
  boolean shutdown(long timeoutMillis) {
    executor.shutdown();
    try {
      return executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
