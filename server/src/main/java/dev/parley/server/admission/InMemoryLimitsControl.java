package dev.parley.server.admission;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Bucket settings held in memory only, for a server without a limiter of its own yet: {@code limits
 * show/set} work and a limiter can read {@link #buckets()}, but nothing here refuses any work. The
 * admission-control limiter replaces it by implementing {@link LimitsControl} itself.
 */
public final class InMemoryLimitsControl implements LimitsControl {
  private final ConcurrentSkipListMap<String, Bucket> buckets = new ConcurrentSkipListMap<>();

  public InMemoryLimitsControl(List<Bucket> initial) {
    initial.forEach(b -> buckets.put(b.name(), b));
  }

  /** The buckets the design names, with conservative defaults. */
  public static InMemoryLimitsControl withDefaults() {
    return new InMemoryLimitsControl(
        List.of(
            new Bucket("registrations.global", 50, 200),
            new Bucket("registrations.per-address", 0.1, 5),
            new Bucket("logins.global", 500, 2_000),
            new Bucket("logins.per-address", 2, 20),
            new Bucket("prekey-uploads.per-account", 1, 10)));
  }

  @Override
  public List<Bucket> buckets() {
    return List.copyOf(buckets.values());
  }

  @Override
  public Optional<Bucket> set(Bucket bucket) {
    return Optional.ofNullable(buckets.computeIfPresent(bucket.name(), (name, old) -> bucket));
  }
}
