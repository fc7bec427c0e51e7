package dev.parley.storage.rocks;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.group.GroupId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

/**
 * One commit round: the WriteBatch its ops build, plus an overlay of what they wrote so that a later
 * op reads an earlier op's writes. Because the commit thread is the only writer, the DB plus this
 * overlay is the whole truth, so checks like "username taken" or "already sent" need no locks.
 *
 * <p>Ops run one at a time between {@link #beginOp()} and {@link #endOp()} or {@link #abortOp()};
 * an aborted op leaves no trace in the batch or the overlay. Confined to the commit thread.
 */
final class Round {
  private final Database db;
  private final CommitCache cache;
  private final WriteBatch batch;

  // The round's writes as seen by later ops, with the running op's on top.
  private final Overlay written = new Overlay();
  private final Map<IdCounter, Long> nextIds = new EnumMap<>(IdCounter.class);
  private final Map<SeqKey, Long> lastSeqs = new HashMap<>();

  // The running op's counters, folded into the round only when the op succeeds.
  private final Map<IdCounter, Long> opNextIds = new EnumMap<>(IdCounter.class);
  private final Map<SeqKey, Long> opLastSeqs = new HashMap<>();

  /** One key and its value. */
  record Entry(byte[] key, byte[] value) {}

  Round(Database db, CommitCache cache, WriteBatch batch) {
    this.db = db;
    this.cache = cache;
    this.batch = batch;
  }

  /** The value as this round would leave it: the running op's writes, the round's, then the DB's. */
  byte[] get(Family family, byte[] key) throws RocksDBException {
    return written.contains(family, key) ? written.get(family, key) : db.get(family, key);
  }

  /** True when an op of this round put or deleted the key (so a DB scan's view of it is stale). */
  boolean touched(Family family, byte[] key) {
    return written.contains(family, key);
  }

  /**
   * Up to {@code limit} entries whose keys start with {@code prefix}, in key order, as this round
   * would leave them: the committed DB merged with the round's puts and deletes (but not its
   * {@link #deleteRange}s). Bounded by the prefix, so it suits short per-device or per-user ranges.
   */
  List<Entry> scan(Family family, byte[] prefix, int limit) throws RocksDBException {
    byte[] end = Objects.requireNonNull(Keys.prefixEnd(prefix), "prefix without an end");
    Iterator<Map.Entry<byte[], byte[]>> ours = written.range(family, prefix, end).entrySet().iterator();
    Map.Entry<byte[], byte[]> mine = ours.hasNext() ? ours.next() : null;
    List<Entry> found = new ArrayList<>();
    try (Slice upper = new Slice(end);
        ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
        RocksIterator it = db.iterator(family, options)) {
      it.seek(prefix);
      while (found.size() < limit) {
        byte[] stored = it.isValid() ? it.key() : null;
        if (stored == null && mine == null) break;
        int order = stored == null ? 1 : mine == null ? -1 : Arrays.compareUnsigned(stored, mine.getKey());
        if (order < 0) {
          found.add(new Entry(stored, it.value()));
          it.next();
        } else {
          // This round wrote the key: its value, or its deletion, replaces the DB's.
          if (mine.getValue() != null) found.add(new Entry(mine.getKey(), mine.getValue()));
          if (order == 0) it.next();
          mine = ours.hasNext() ? ours.next() : null;
        }
      }
      it.status();
    }
    return found;
  }

  /** The first entry under {@code prefix} as this round would leave it; see {@link #scan}. */
  Optional<Entry> first(Family family, byte[] prefix) throws RocksDBException {
    return scan(family, prefix, 1).stream().findFirst();
  }

  /** Iterates the committed DB only: this round's writes are not visible to it. Caller closes it. */
  RocksIterator iterator(Family family, ReadOptions options) {
    return db.iterator(family, options);
  }

  void put(Family family, byte[] key, byte[] value) throws RocksDBException {
    batch.put(db.cf(family), key, value);
    written.write(family, key, value);
  }

  void delete(Family family, byte[] key) throws RocksDBException {
    batch.delete(db.cf(family), key);
    written.write(family, key, null);
  }

  /**
   * Deletes [from, to). Not reflected in {@link #get} or {@link #scan}; use only where later ops
   * never read the range (the ops that read a device's keys first check, through {@link #get}, that
   * the device still exists).
   */
  void deleteRange(Family family, byte[] from, byte[] to) throws RocksDBException {
    batch.deleteRange(db.cf(family), from, to);
  }

  /** Hands out the counter's next id; it is persisted with this round. */
  long nextId(IdCounter counter) throws RocksDBException {
    long id = opNextIds.containsKey(counter) ? opNextIds.get(counter) : committedNextId(counter);
    opNextIds.put(counter, id + 1);
    return id;
  }

  private long committedNextId(IdCounter counter) throws RocksDBException {
    Long next = nextIds.get(counter);
    if (next == null) next = cache.nextId(counter);
    if (next != null) return next;
    byte[] stored = db.get(Family.META, counter.metaKey());
    return stored == null ? IdCounter.FIRST : Keys.decodeLong(stored);
  }

  /** Hands out the device's next inbox seq; it is persisted with this round. */
  long nextSeq(DeviceId device) throws RocksDBException {
    return nextSeq(SeqKey.inbox(device));
  }

  /** Hands out the group log's next seq; it is persisted with this round. */
  long nextSeq(GroupId group) throws RocksDBException {
    return nextSeq(SeqKey.group(group));
  }

  /** The group log's last seq as this round would leave it, 0 if none; takes nothing. */
  long lastSeq(GroupId group) throws RocksDBException {
    return lastSeq(SeqKey.group(group));
  }

  private long nextSeq(SeqKey key) throws RocksDBException {
    long seq = lastSeq(key) + 1;
    opLastSeqs.put(key, seq);
    return seq;
  }

  private long lastSeq(SeqKey key) throws RocksDBException {
    Long last = opLastSeqs.get(key);
    if (last == null) last = lastSeqs.get(key);
    if (last == null) last = cache.lastSeq(key);
    if (last != null) return last;
    byte[] stored = db.get(key.family(), key.key());
    return stored == null ? 0 : Keys.decodeLong(stored);
  }

  void beginOp() {
    batch.setSavePoint();
  }

  void endOp() throws RocksDBException {
    batch.popSavePoint();
    written.endOp();
    nextIds.putAll(opNextIds);
    lastSeqs.putAll(opLastSeqs);
    clearOp();
  }

  void abortOp() throws RocksDBException {
    batch.rollbackToSavePoint();
    written.abortOp();
    clearOp();
  }

  private void clearOp() {
    opNextIds.clear();
    opLastSeqs.clear();
  }

  /**
   * Adds the advanced counters and seqs to the batch, once each, so they become durable in the same
   * write as the data that used them: after a crash no id or seq is handed out twice.
   */
  void finish() throws RocksDBException {
    for (Map.Entry<IdCounter, Long> e : nextIds.entrySet()) {
      batch.put(db.cf(Family.META), e.getKey().metaKey(), Keys.encodeLong(e.getValue()));
    }
    for (Map.Entry<SeqKey, Long> e : lastSeqs.entrySet()) {
      batch.put(db.cf(e.getKey().family()), e.getKey().key(), Keys.encodeLong(e.getValue()));
    }
  }

  /** Called once the batch is durable: the cache may now serve the new values. */
  void published() {
    cache.committed(nextIds, lastSeqs);
  }

  boolean hasWrites() {
    return batch.count() > 0;
  }
}
