package dev.parley.storage.admin;

import java.util.Map;

/**
 * RocksDB's own estimates: keys per column family, live data and SST file bytes, memtable and block
 * cache use, and bytes waiting for compaction.
 */
public record StorageStats(
    Map<String, Long> estimatedKeys, long liveDataBytes, long sstFilesBytes, long memtableBytes,
    long blockCacheBytes, long pendingCompactionBytes) {
  public StorageStats {
    estimatedKeys = Map.copyOf(estimatedKeys);
  }
}
