package dev.parley.server.admission;

import java.util.List;
import java.util.Optional;

/**
 * The admission-control buckets as the operator sees them: each named bucket admits {@code
 * ratePerSecond} on average with bursts of up to {@code burst}. {@code parley admin limits show/set}
 * works through this interface, so the limiter behind it can change without the admin endpoint
 * noticing. Implementations are thread-safe and apply a change to the next admission decision.
 */
public interface LimitsControl {

  /** A bucket's settings; {@code name} is like "registrations.global" or "logins.per-address". */
  record Bucket(String name, double ratePerSecond, long burst) {
    public Bucket {
      if (name == null || name.isBlank()) throw new IllegalArgumentException("bucket name is empty");
      if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
        throw new IllegalArgumentException("rate per second must be a positive number");
      }
      if (burst < 1) throw new IllegalArgumentException("burst must be at least 1");
    }
  }

  /** Every bucket, in a stable order. */
  List<Bucket> buckets();

  /** Replaces the settings of the bucket named {@code bucket.name()}; empty when there is no such bucket. */
  Optional<Bucket> set(Bucket bucket);
}
