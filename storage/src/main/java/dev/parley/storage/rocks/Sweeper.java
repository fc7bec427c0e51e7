package dev.parley.storage.rocks;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what has outlived its time: inbox and group log entries past their expiry (found through
 * the expiry and group_expiry indexes) and sent records older than the dedup window; and finishes
 * the member purges of deleted groups that a crash interrupted ({@link GroupPurge}). Every deletion
 * is a commit-stage op of at most {@link #CHUNK} entries, so a large backlog never holds up other
 * writes for long, and the checks run on the commit thread, where they cannot race an append that
 * refreshes the same key.
 *
 * <p>One daemon thread starts a sweep every interval unless the previous one is still running; the
 * sweep itself runs as chains of commit-stage ops, so that thread never waits on the disk.
 */
final class Sweeper {
  static final int CHUNK = 1_000;
  private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

  private static final Index INBOX = new Index(Family.EXPIRY, Family.INBOX);
  private static final Index GROUP_LOG = new Index(Family.GROUP_EXPIRY, Family.GROUP_LOG);
  private static final Result NOTHING = new Result(0, 0, 0, 0);

  /** What one sweep deleted: inbox entries, group log entries, sent records, memberships of deleted groups. */
  record Result(long expiredMessages, long expiredGroupMessages, long sentRecords, long purgedMemberships) {}

  /** An expiry index and the family of the entries it points at. */
  private record Index(Family expiry, Family target) {}

  /** What one chunk deleted, and the key to resume at (null when the scan reached its end). */
  private record Chunk(int deleted, byte[] resumeAt) {}

  private final CommitStage commits;
  private final Clock clock;
  private final long dedupWindowMs;
  private final ScheduledExecutorService timer;
  private CompletableFuture<Result> running = CompletableFuture.completedFuture(NOTHING);

  Sweeper(CommitStage commits, Clock clock, Duration dedupWindow, Duration interval) {
    this.commits = commits;
    this.clock = clock;
    this.dedupWindowMs = dedupWindow.toMillis();
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("parley-sweeper").daemon(true).factory());
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.timer = executor;
    long intervalMs = interval.toMillis();
    timer.scheduleWithFixedDelay(this::scheduled, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
  }

  private void scheduled() {
    // Runs on the timer thread only; a sweep slower than the interval is not stacked.
    if (!running.isDone()) return;
    running =
        sweepNow()
            .whenComplete(
                (result, error) -> {
                  if (error != null) log.warn("sweep failed; retrying next interval: {}", error.toString());
                  else if (!result.equals(NOTHING)) {
                    log.debug(
                        "swept expired={} expiredGroup={} sent={} purged={}",
                        result.expiredMessages(),
                        result.expiredGroupMessages(),
                        result.sentRecords(),
                        result.purgedMemberships());
                  }
                });
  }

  /** Sweeps everything due at the clock's current time; completes when done, on the commit thread. */
  CompletableFuture<Result> sweepNow() {
    long nowMs = clock.millis();
    // Four independent chains of commit ops; their chunks interleave in the commit queue.
    CompletableFuture<Long> inbox = expired(INBOX, nowMs, null, 0);
    CompletableFuture<Long> group = expired(GROUP_LOG, nowMs, null, 0);
    CompletableFuture<Long> sent = sent(nowMs - dedupWindowMs, null, 0);
    CompletableFuture<Long> purged = GroupPurge.resume(commits);
    return CompletableFuture.allOf(inbox, group, sent, purged)
        .thenApply(done -> new Result(inbox.join(), group.join(), sent.join(), purged.join()));
  }

  private CompletableFuture<Long> expired(Index index, long nowMs, byte[] from, long total) {
    return commits
        .submit(round -> expiredChunk(round, index, nowMs, from))
        .thenCompose(
            c -> {
              long sum = total + c.deleted();
              return c.resumeAt() == null ? done(sum) : expired(index, nowMs, c.resumeAt(), sum);
            });
  }

  private CompletableFuture<Long> sent(long cutoffMs, byte[] from, long total) {
    return commits
        .submit(round -> sentChunk(round, cutoffMs, from))
        .thenCompose(
            c -> {
              long sum = total + c.deleted();
              return c.resumeAt() == null ? done(sum) : sent(cutoffMs, c.resumeAt(), sum);
            });
  }

  private static CompletableFuture<Long> done(long total) {
    return CompletableFuture.completedFuture(total);
  }

  /**
   * Deletes up to CHUNK due expiry entries of the index and the entries they point at (acked inbox
   * entries and the logs of deleted groups are gone already; deleting them again is harmless).
   */
  private static Chunk expiredChunk(Round round, Index index, long nowMs, byte[] from) throws RocksDBException {
    int deleted = 0;
    try (Slice upper = new Slice(Keys.expiryAfter(nowMs));
        ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
        RocksIterator it = round.iterator(index.expiry(), options)) {
      if (from == null) it.seekToFirst();
      else it.seek(from);
      for (; it.isValid() && deleted < CHUNK; it.next()) {
        byte[] key = it.key();
        // Both indexes key expiresAtMs + (the 16-byte key of the entry they point at).
        round.delete(index.target(), Keys.inboxOfExpiry(key));
        round.delete(index.expiry(), key);
        deleted++;
      }
      it.status();
      return new Chunk(deleted, it.isValid() ? it.key() : null);
    }
  }

  /** Scans up to CHUNK sent records and deletes those older than the cutoff. */
  private static Chunk sentChunk(Round round, long cutoffMs, byte[] from) throws RocksDBException {
    int scanned = 0;
    int deleted = 0;
    try (ReadOptions options = new ReadOptions();
        RocksIterator it = round.iterator(Family.SENT, options)) {
      if (from == null) it.seekToFirst();
      else it.seek(from);
      for (; it.isValid() && scanned < CHUNK; it.next(), scanned++) {
        byte[] key = it.key();
        // An append earlier in this round refreshed the record; the scan only sees the old one.
        if (round.touched(Family.SENT, key)) continue;
        if (Records.sent(it.value()).getServerTimeMs() <= cutoffMs) {
          round.delete(Family.SENT, key);
          deleted++;
        }
      }
      it.status();
      return new Chunk(deleted, it.isValid() ? it.key() : null);
    }
  }

  /** Stops scheduling; a sweep in progress ends when its next chunk is refused by the closed stage. */
  void close() {
    timer.shutdownNow();
    boolean interrupted = false;
    while (true) {
      try {
        if (timer.awaitTermination(1, TimeUnit.MINUTES)) break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }
}
