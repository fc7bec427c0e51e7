package dev.parley.storage.rocks;

import dev.parley.storage.account.DeviceId;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
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

  // The round's writes as seen by later ops; a null value marks a deleted key.
  private final Map<Cell, byte[]> cells = new HashMap<>();
  private final Map<IdCounter, Long> nextIds = new EnumMap<>(IdCounter.class);
  private final Map<Long, Long> lastSeqs = new HashMap<>();

  // The running op's writes, folded into the round only when the op succeeds.
  private final Map<Cell, byte[]> opCells = new HashMap<>();
  private final Map<IdCounter, Long> opNextIds = new EnumMap<>(IdCounter.class);
  private final Map<Long, Long> opLastSeqs = new HashMap<>();

  private record Cell(Family family, ByteBuffer key) {
    Cell(Family family, byte[] key) {
      this(family, ByteBuffer.wrap(key));
    }
  }

  Round(Database db, CommitCache cache, WriteBatch batch) {
    this.db = db;
    this.cache = cache;
    this.batch = batch;
  }

  /** The value as this round would leave it: the running op's writes, the round's, then the DB's. */
  byte[] get(Family family, byte[] key) throws RocksDBException {
    Cell cell = new Cell(family, key);
    if (opCells.containsKey(cell)) return opCells.get(cell);
    if (cells.containsKey(cell)) return cells.get(cell);
    return db.get(family, key);
  }

  /** True when an op of this round put or deleted the key (so a DB scan's view of it is stale). */
  boolean touched(Family family, byte[] key) {
    Cell cell = new Cell(family, key);
    return opCells.containsKey(cell) || cells.containsKey(cell);
  }

  /** Iterates the committed DB only: this round's writes are not visible to it. Caller closes it. */
  RocksIterator iterator(Family family, ReadOptions options) {
    return db.iterator(family, options);
  }

  void put(Family family, byte[] key, byte[] value) throws RocksDBException {
    batch.put(db.cf(family), key, value);
    opCells.put(new Cell(family, key), value);
  }

  void delete(Family family, byte[] key) throws RocksDBException {
    batch.delete(db.cf(family), key);
    opCells.put(new Cell(family, key), null);
  }

  /** Deletes [from, to). Not reflected in {@link #get}; use only where ops never read the range. */
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
    long d = device.value();
    long seq = (opLastSeqs.containsKey(d) ? opLastSeqs.get(d) : committedLastSeq(device)) + 1;
    opLastSeqs.put(d, seq);
    return seq;
  }

  private long committedLastSeq(DeviceId device) throws RocksDBException {
    Long last = lastSeqs.get(device.value());
    if (last == null) last = cache.lastSeq(device.value());
    if (last != null) return last;
    byte[] stored = db.get(Family.INBOX_SEQ, Keys.device(device));
    return stored == null ? 0 : Keys.decodeLong(stored);
  }

  void beginOp() {
    batch.setSavePoint();
  }

  void endOp() throws RocksDBException {
    batch.popSavePoint();
    cells.putAll(opCells);
    nextIds.putAll(opNextIds);
    lastSeqs.putAll(opLastSeqs);
    clearOp();
  }

  void abortOp() throws RocksDBException {
    batch.rollbackToSavePoint();
    clearOp();
  }

  private void clearOp() {
    opCells.clear();
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
    for (Map.Entry<Long, Long> e : lastSeqs.entrySet()) {
      batch.put(db.cf(Family.INBOX_SEQ), Keys.encodeLong(e.getKey()), Keys.encodeLong(e.getValue()));
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
