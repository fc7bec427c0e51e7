package dev.parley.storage.rocks;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of a {@link RocksStorage}, checked once here: bad values are refused, never corrected.
 *
 * @param dir the database directory, created when missing
 * @param sync how commit rounds reach the disk
 * @param commitQueueCapacity writes waiting for the commit thread; beyond it writes are refused
 * @param maxBatchSize most writes applied in one commit round (one WriteBatch, one WAL write)
 * @param dedupWindow how long a sent message's client_msg_id is remembered for retries
 * @param sweepInterval pause between sweeps of expired messages and dedup records
 */
public record RocksConfig(
    Path dir,
    SyncPolicy sync,
    int commitQueueCapacity,
    int maxBatchSize,
    Duration dedupWindow,
    Duration sweepInterval) {

  static final int MAX_QUEUE_CAPACITY = 1 << 22;
  static final int MAX_BATCH_SIZE = 1 << 16;
  private static final Duration MIN_DURATION = Duration.ofMillis(1);
  private static final Duration MAX_DURATION = Duration.ofDays(3650);

  public RocksConfig {
    if (dir == null) throw new IllegalArgumentException("dir is required");
    if (sync == null) throw new IllegalArgumentException("sync is required");
    if (commitQueueCapacity < 1 || commitQueueCapacity > MAX_QUEUE_CAPACITY) {
      throw new IllegalArgumentException(
          "commitQueueCapacity must be in [1, " + MAX_QUEUE_CAPACITY + "]: " + commitQueueCapacity);
    }
    if (maxBatchSize < 1 || maxBatchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException("maxBatchSize must be in [1, " + MAX_BATCH_SIZE + "]: " + maxBatchSize);
    }
    requirePositiveMillis("dedupWindow", dedupWindow);
    requirePositiveMillis("sweepInterval", sweepInterval);
  }

  /** FSYNC, a commit queue of 65536, batches of up to 1024, a 24 h dedup window, a sweep a minute. */
  public static RocksConfig defaults(Path dir) {
    return new RocksConfig(dir, SyncPolicy.FSYNC, 65_536, 1_024, Duration.ofHours(24), Duration.ofMinutes(1));
  }

  private static void requirePositiveMillis(String name, Duration d) {
    // Both durations are used at millisecond resolution, so less than 1 ms would silently become 0.
    if (d == null || d.compareTo(MIN_DURATION) < 0 || d.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(name + " must be in [1 ms, 3650 days]: " + d);
    }
  }
}
