package dev.parley.server.admission;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The buckets of one named limit, one per key (a source address, a prefix, an account; or one key
 * for a global limit), all at the same, live-changeable rate.
 *
 * <p>Memory is bounded: at most {@code maxKeys} buckets. When full, buckets that have refilled are
 * forgotten (a full bucket and a missing one behave the same), at most once per sweep interval; a
 * key that still finds no room shares one overflow bucket with every other such key, so a flood of
 * new keys is limited as a whole rather than evicting the busy ones. Thread-safe and lock-free
 * except for the sweep, which runs on the thread that found the map full.
 */
final class Limiter<K> {
  private static final long SWEEP_INTERVAL_NANOS = 100_000_000L;

  private final String name;
  private final int maxKeys;
  private final ConcurrentHashMap<K, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final TokenBucket overflow = new TokenBucket();
  private final AtomicLong nextSweepNanos = new AtomicLong(Long.MIN_VALUE / 4);
  private volatile Rate rate;

  Limiter(String name, Rate rate, int maxKeys) {
    this.name = name;
    this.rate = rate;
    this.maxKeys = maxKeys;
  }

  String name() {
    return name;
  }

  Rate rate() {
    return rate;
  }

  /** Applies a new rate to every bucket at once. */
  void rate(Rate r, long nowNanos) {
    rate = r;
    buckets.values().forEach(b -> b.rebase(nowNanos, r));
    overflow.rebase(nowNanos, r);
  }

  int trackedKeys() {
    return buckets.size();
  }

  /** The bucket {@code key} draws from (created on first use). */
  TokenBucket bucket(K key, long nowNanos) {
    TokenBucket b = buckets.get(key);
    if (b != null) return b;
    if (buckets.size() >= maxKeys) sweep(nowNanos);
    if (buckets.size() >= maxKeys) return overflow;
    return buckets.computeIfAbsent(key, k -> new TokenBucket());
  }

  /**
   * Forgets refilled buckets. A thread that fetched one of them just before may take a token that is
   * then not counted: one extra request, which is harmless.
   */
  private void sweep(long nowNanos) {
    long due = nextSweepNanos.get();
    if (nowNanos - due < 0 || !nextSweepNanos.compareAndSet(due, nowNanos + SWEEP_INTERVAL_NANOS)) return;
    buckets.values().removeIf(b -> b.idle(nowNanos));
  }
}
