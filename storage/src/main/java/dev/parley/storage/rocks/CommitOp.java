package dev.parley.storage.rocks;

import org.rocksdb.RocksDBException;

/**
 * One write, run on the commit thread against the {@link Round} being built. It may read the DB and
 * what earlier ops of the round wrote. Throwing a {@link RuntimeException} fails this op alone and
 * discards its writes; a {@link RocksDBException} means the disk failed and fails the whole round.
 */
@FunctionalInterface
interface CommitOp<T> {
  T apply(Round round) throws RocksDBException;

  /**
   * Whether a round holding this op must be synced before its futures complete (with {@code sync =
   * fsync}). False for writes whose loss in a crash costs only a redelivery, such as acknowledgements:
   * a round of nothing else skips the fsync, and the next synced round makes it durable too, since
   * the WAL is written in order.
   */
  default boolean needsSync() {
    return true;
  }

  /** {@code op}, marked as not needing a sync of its own (see {@link #needsSync}). */
  static <T> CommitOp<T> unsynced(CommitOp<T> op) {
    return new CommitOp<>() {
      @Override
      public T apply(Round round) throws RocksDBException {
        return op.apply(round);
      }

      @Override
      public boolean needsSync() {
        return false;
      }
    };
  }
}
