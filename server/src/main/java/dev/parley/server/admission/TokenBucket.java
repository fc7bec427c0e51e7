package dev.parley.server.admission;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One token bucket, as a single "theoretical arrival time" (the generic cell rate algorithm): taking
 * a token moves it one interval later, and a take is refused while it would end up more than
 * {@code burst} intervals ahead of now. One {@code long} and a CAS loop: lock-free, any thread.
 * The rate is passed on every call, so that a change applies at once to every bucket of a limiter.
 */
final class TokenBucket {
  /** About 126 years: saturates interval x burst, which could overflow at the extreme settings. */
  private static final long MAX_AHEAD_NANOS = 4_000_000_000_000_000_000L;

  private final AtomicLong tat = new AtomicLong(Long.MIN_VALUE / 4);

  /** Takes one token; returns 0 when taken, otherwise the nanoseconds until one will be there. */
  long tryTake(long nowNanos, Rate rate) {
    long interval = rate.intervalNanos();
    long limit = limitNanos(rate);
    while (true) {
      long t = tat.get();
      if (t - nowNanos > limit) {
        // A bucket that missed the rebase of a live change (created concurrently with it).
        tat.compareAndSet(t, nowNanos + limit);
        continue;
      }
      long next = Math.max(t, nowNanos) + interval;
      long ahead = next - nowNanos;
      if (ahead > limit) return ahead - limit;
      if (tat.compareAndSet(t, next)) return 0;
    }
  }

  /**
   * After a live rate change: a bucket emptied under a slower rate becomes empty as of now under the
   * new one, so that it refills at the new rate rather than paying off its old debt.
   */
  void rebase(long nowNanos, Rate rate) {
    long t = tat.get();
    long cap = nowNanos + limitNanos(rate);
    if (t - cap > 0) tat.compareAndSet(t, cap);
  }

  private static long limitNanos(Rate rate) {
    long interval = rate.intervalNanos();
    return (double) interval * rate.burst() >= MAX_AHEAD_NANOS ? MAX_AHEAD_NANOS : interval * rate.burst();
  }

  /** Returns a token taken by {@link #tryTake} whose request was refused by another bucket after all. */
  void giveBack(Rate rate) {
    tat.addAndGet(-rate.intervalNanos());
  }

  /** Full again: forgetting this bucket would change nothing. */
  boolean idle(long nowNanos) {
    return tat.get() <= nowNanos;
  }
}
