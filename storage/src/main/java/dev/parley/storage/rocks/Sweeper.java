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
 * Deletes what has outlived its time: inbox entries past their expiry (found through the expiry
 * index) and sent records older than the dedup window. Every deletion is a commit-stage op of at
 * most {@link #CHUNK} entries, so a large backlog never holds up other writes for long, and the
 * checks run on the commit thread, where they cannot race an append that refreshes the same key.
 *
 * <p>One daemon thread starts a sweep every interval unless the previous one is still running; the
 * sweep itself runs as a chain of commit-stage ops, so that thread never waits on the disk.
 */
final class Sweeper {
  static final int CHUNK = 1_000;
  private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

  /** What one sweep deleted. */
  record Result(long expiredMessages, long sentRecords) {}

  /** What one chunk deleted, and the key to resume at (null when the scan reached its end). */
  private record Chunk(int deleted, byte[] resumeAt) {}

  private final CommitStage commits;
  private final Clock clock;
  private final long dedupWindowMs;
  private final ScheduledExecutorService timer;
  private CompletableFuture<Result> running = CompletableFuture.completedFuture(new Result(0, 0));

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
                  else if (result.expiredMessages() + result.sentRecords() > 0) {
                    log.debug("swept expired={} sent={}", result.expiredMessages(), result.sentRecords());
                  }
                });
  }

  /** Sweeps everything due at the clock's current time; completes when done, on the commit thread. */
  CompletableFuture<Result> sweepNow() {
    long nowMs = clock.millis();
    return expired(nowMs, null, 0)
        .thenCompose(expired -> sent(nowMs - dedupWindowMs, null, 0).thenApply(sent -> new Result(expired, sent)));
  }

  private CompletableFuture<Long> expired(long nowMs, byte[] from, long total) {
    return commits
        .submit(round -> expiredChunk(round, nowMs, from))
        .thenCompose(
            c -> {
              long sum = total + c.deleted();
              return c.resumeAt() == null ? done(sum) : expired(nowMs, c.resumeAt(), sum);
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

  /** Deletes up to CHUNK due expiry entries and the inbox entries they point at (acked ones are gone already). */
  private static Chunk expiredChunk(Round round, long nowMs, byte[] from) throws RocksDBException {
    int deleted = 0;
    try (Slice upper = new Slice(Keys.expiryAfter(nowMs));
        ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
        RocksIterator it = round.iterator(Family.EXPIRY, options)) {
      if (from == null) it.seekToFirst();
      else it.seek(from);
      for (; it.isValid() && deleted < CHUNK; it.next()) {
        byte[] key = it.key();
        round.delete(Family.INBOX, Keys.inboxOfExpiry(key));
        round.delete(Family.EXPIRY, key);
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
