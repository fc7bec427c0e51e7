package dev.parley.storage.rocks;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What the ops of one {@link Round} wrote, in two layers: the ops that succeeded, and the running op
 * on top (folded in by {@link #endOp()}, dropped by {@link #abortOp()}). A null value marks a deleted
 * key. Keys are held in RocksDB's bytewise order, so a prefix of the overlay can be merged with a DB
 * scan. Confined to the commit thread.
 */
final class Overlay {
  private final Map<Family, NavigableMap<byte[], byte[]>> round = new EnumMap<>(Family.class);
  private final Map<Family, NavigableMap<byte[], byte[]>> op = new EnumMap<>(Family.class);

  /** True when the key was put or deleted in this round, so the overlay, not the DB, has its value. */
  boolean contains(Family family, byte[] key) {
    return has(op, family, key) || has(round, family, key);
  }

  /** The written value, null when deleted; only meaningful when {@link #contains} is true. */
  byte[] get(Family family, byte[] key) {
    NavigableMap<byte[], byte[]> running = op.get(family);
    if (running != null && running.containsKey(key)) return running.get(key);
    NavigableMap<byte[], byte[]> done = round.get(family);
    return done == null ? null : done.get(key);
  }

  /** Records a put, or a delete when {@code value} is null, of the running op. */
  void write(Family family, byte[] key, byte[] value) {
    op.computeIfAbsent(family, f -> sorted()).put(key, value);
  }

  /** The writes to keys in [from, to), running op over the round, in key order. A copy. */
  NavigableMap<byte[], byte[]> range(Family family, byte[] from, byte[] to) {
    NavigableMap<byte[], byte[]> merged = sorted();
    NavigableMap<byte[], byte[]> done = round.get(family);
    if (done != null) merged.putAll(done.subMap(from, true, to, false));
    NavigableMap<byte[], byte[]> running = op.get(family);
    if (running != null) merged.putAll(running.subMap(from, true, to, false));
    return merged;
  }

  void endOp() {
    op.forEach((family, writes) -> round.computeIfAbsent(family, f -> sorted()).putAll(writes));
    op.clear();
  }

  void abortOp() {
    op.clear();
  }

  private static boolean has(Map<Family, NavigableMap<byte[], byte[]>> layer, Family family, byte[] key) {
    NavigableMap<byte[], byte[]> writes = layer.get(family);
    return writes != null && writes.containsKey(key);
  }

  /** RocksDB's default comparator: unsigned bytewise. */
  private static NavigableMap<byte[], byte[]> sorted() {
    return new TreeMap<>(Arrays::compareUnsigned);
  }
}
