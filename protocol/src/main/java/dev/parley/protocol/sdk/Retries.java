package dev.parley.protocol.sdk;

import dev.parley.protocol.v1.ErrorCode;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * When a client tries again: after a RETRY_LATER, never before the server's {@code retry_after_ms}
 * and with full jitter above it ({@link Backoff#retryDelay}); otherwise the reconnect backoff. Every
 * delayed task goes through the {@link RetryScheduler} and then runs on the client's event loop.
 */
final class Retries {
  private final RetryScheduler scheduler;
  private final Backoff backoff;
  private final RandomGenerator random;
  private final Consumer<Runnable> onLoop;

  Retries(RetryScheduler scheduler, Backoff backoff, RandomGenerator random, Consumer<Runnable> onLoop) {
    this.scheduler = scheduler;
    this.backoff = backoff;
    this.random = random;
    this.onLoop = onLoop;
  }

  /** Runs {@code task} on the loop after retry {@code attempt}'s delay above the server's {@code floor}. */
  void afterRefusal(int attempt, Duration floor, Runnable task) {
    after(backoff.retryDelay(attempt, floor, random), task);
  }

  /** Runs {@code task} on the loop after {@code delay}. */
  void after(Duration delay, Runnable task) {
    scheduler.schedule(delay, () -> onLoop.accept(task));
  }

  /** The refusal inside {@code t} if it is a RETRY_LATER (nothing was done; try again later), else null. */
  static ParleyException retryLater(Throwable t) {
    Throwable c = Futures.cause(t);
    return c instanceof ParleyException p && p.code() == ErrorCode.RETRY_LATER ? p : null;
  }
}
