package dev.parley.protocol.sdk;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential from {@code initial} to {@code max}, with full jitter so that a crowd
 * of clients that lost the same server does not come back in lockstep.
 */
public record Backoff(Duration initial, Duration max, double multiplier) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), 2.0);

  public Backoff {
    if (initial.isNegative() || initial.isZero()) throw new IllegalArgumentException("initial must be > 0");
    if (max.compareTo(initial) < 0) throw new IllegalArgumentException("max < initial");
    if (multiplier < 1.0) throw new IllegalArgumentException("multiplier < 1");
  }

  /** The delay before attempt {@code attempt} (0-based): uniform in [cap/2, cap]. */
  public Duration delay(int attempt, RandomGenerator random) {
    double capMs = Math.min(max.toMillis(), initial.toMillis() * Math.pow(multiplier, Math.min(attempt, 62)));
    long half = (long) (capMs / 2);
    return Duration.ofMillis(half + random.nextLong(Math.max(1, (long) capMs - half + 1)));
  }

  /**
   * The delay before retry {@code attempt} (0-based) of a request the server refused with
   * RETRY_LATER: never less than the server's {@code floor}, plus "full jitter", uniform in [0, cap]
   * with the cap growing exponentially from {@code initial} to {@code max}. Clients refused together
   * therefore spread out over a window that widens while the server keeps refusing.
   */
  public Duration retryDelay(int attempt, Duration floor, RandomGenerator random) {
    long capMs = (long) Math.min(max.toMillis(), initial.toMillis() * Math.pow(multiplier, Math.min(attempt, 62)));
    return Duration.ofMillis(Math.max(0, floor.toMillis()) + random.nextLong(capMs + 1));
  }

  /** At least {@code floor}, plus up to 20% jitter: how a client honours a server's retry-after. */
  public static Duration jitterAbove(Duration floor, RandomGenerator random) {
    long ms = Math.max(1, floor.toMillis());
    return Duration.ofMillis(ms + random.nextLong(ms / 5 + 1));
  }
}
