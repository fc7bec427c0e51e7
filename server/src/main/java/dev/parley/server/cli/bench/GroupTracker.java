package dev.parley.server.cli.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The posts of {@code bench group} in flight to their members: when each was posted, how many
 * members have it, and the latencies. A poster registers a post ({@link #posted}) before it can reach
 * anyone; members report each delivery of another member's post ({@link #delivered}). All methods
 * are thread-safe and non-blocking (members call them on their event loops). A post's entry is kept
 * until every expected member has it (bounded by the posts in flight), or its post failed.
 */
final class GroupTracker {
  private record Post(long t0Nanos, AtomicInteger members) {}

  final Latency delivery = new Latency();
  final Latency lastMember = new Latency();
  final LongAdder deliveries = new LongAdder();
  final LongAdder completePosts = new LongAdder();
  private final Map<Long, Post> pending = new ConcurrentHashMap<>();
  private final AtomicLong postIds = new AtomicLong(1);
  private final int expected;

  /** {@code expected}: members that should receive each post (everyone but the poster). */
  GroupTracker(int expected) {
    this.expected = expected;
  }

  /** A new post id, unique in this run; never 0. */
  long nextPostId() {
    return postIds.getAndIncrement();
  }

  /** Post {@code id} leaves its poster at {@code t0Nanos} (System.nanoTime). */
  void posted(long id, long t0Nanos) {
    pending.put(id, new Post(t0Nanos, new AtomicInteger()));
  }

  /** Post {@code id} failed: no delivery of it is expected any more. */
  void abandoned(long id) {
    pending.remove(id);
  }

  /** A member other than the poster has post {@code id} now; unknown ids (failed posts) are ignored. */
  void delivered(long id) {
    Post p = pending.get(id);
    if (p == null) return;
    long now = System.nanoTime();
    delivery.recordNanos(now - p.t0Nanos());
    deliveries.increment();
    if (p.members().incrementAndGet() == expected) {
      pending.remove(id);
      lastMember.recordNanos(now - p.t0Nanos());
      completePosts.increment();
    }
  }

  /** Posts registered and not yet at every expected member. */
  int pending() {
    return pending.size();
  }
}
