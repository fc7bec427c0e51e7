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
}
