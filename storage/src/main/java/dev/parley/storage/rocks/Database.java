package dev.parley.storage.rocks;

import dev.parley.storage.StorageFailureException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.AbstractNativeReference;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open RocksDB instance and every native object it depends on, which this class alone owns and
 * closes. Reads and writes are thread-safe (RocksDB's own guarantee); {@link #close()} must run
 * only once no other thread uses the instance.
 */
final class Database implements AutoCloseable {
  /**
   * The data layout this build reads and writes. Adding a column family or a record field needs no new
   * version (a database from before it gains the family, empty, on open, and old records still read);
   * a change that old records must be rewritten for does, with a step in {@link SchemaUpgrades}. On
   * open, an older database is upgraded step by step; a newer one is refused, since this build cannot
   * know what changed.
   */
  static final long SCHEMA_VERSION = SchemaUpgrades.CURRENT;
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  private static final byte[] SCHEMA_KEY = Keys.meta("schema_version");

  // Modest, fixed budgets: the block cache is shared by all families, and memtables are charged to
  // it, so the engine's memory stays near BLOCK_CACHE_BYTES however many families are written.
  private static final long BLOCK_CACHE_BYTES = 128L << 20;
  private static final long MEMTABLE_BUDGET_BYTES = 64L << 20;
  private static final long WRITE_BUFFER_BYTES = 16L << 20;
  private static final long MAX_TOTAL_WAL_BYTES = 256L << 20;
  private static final double BLOOM_BITS_PER_KEY = 10;

  private final RocksDB db;
  private final ColumnFamilyHandle defaultFamily;
  private final Map<Family, ColumnFamilyHandle> families;
  /** Options, filter and cache, in creation order; closed in reverse after the DB. */
  private final List<AbstractNativeReference> owned;

  private Database(RocksDB db, List<ColumnFamilyHandle> handles, List<AbstractNativeReference> owned) {
    this.db = db;
    this.defaultFamily = handles.get(0);
    this.families = new EnumMap<>(Family.class);
    for (Family f : Family.values()) families.put(f, handles.get(f.ordinal() + 1));
    this.owned = owned;
  }

  /** Opens (creating when missing) the database in {@code dir} and checks its schema version. */
  static Database open(Path dir) throws RocksDBException {
    RocksDB.loadLibrary();
    List<AbstractNativeReference> owned = new ArrayList<>();
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    RocksDB db = null;
    try {
      LRUCache cache = own(owned, new LRUCache(BLOCK_CACHE_BYTES));
      BloomFilter bloom = own(owned, new BloomFilter(BLOOM_BITS_PER_KEY));
      WriteBufferManager memtables = own(owned, new WriteBufferManager(MEMTABLE_BUDGET_BYTES, cache));
      DBOptions dbOptions =
          own(owned, new DBOptions())
              .setCreateIfMissing(true)
              .setCreateMissingColumnFamilies(true)
              .setWriteBufferManager(memtables)
              .setMaxTotalWalSize(MAX_TOTAL_WAL_BYTES)
              .setMaxBackgroundJobs(2)
              .setBytesPerSync(1L << 20)
              .setKeepLogFileNum(5);
      Map<Family.Access, ColumnFamilyOptions> byAccess = new EnumMap<>(Family.Access.class);
      for (Family.Access access : Family.Access.values()) {
        byAccess.put(access, own(owned, familyOptions(access, cache, bloom)));
      }
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, byAccess.get(Family.Access.SCAN)));
      for (Family f : Family.values()) {
        descriptors.add(new ColumnFamilyDescriptor(f.cfName(), byAccess.get(f.access())));
      }
      db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      Database database = new Database(db, handles, owned);
      database.checkSchema();
      return database;
    } catch (RocksDBException | RuntimeException | Error e) {
      handles.forEach(ColumnFamilyHandle::close);
      if (db != null) db.close();
      closeReversed(owned);
      throw e;
    }
  }

  private static ColumnFamilyOptions familyOptions(Family.Access access, LRUCache cache, BloomFilter bloom) {
    BlockBasedTableConfig table =
        new BlockBasedTableConfig()
            .setBlockCache(cache)
            .setCacheIndexAndFilterBlocks(true)
            .setPinL0FilterAndIndexBlocksInCache(true);
    ColumnFamilyOptions options = new ColumnFamilyOptions().setWriteBufferSize(WRITE_BUFFER_BYTES);
    switch (access) {
      case POINT -> {
        table.setFilterPolicy(bloom).setWholeKeyFiltering(true);
        // Most point reads on the commit thread look for keys that are not there (every send asks
        // whether its client_msg_id was sent before): a memtable bloom answers those without a
        // skiplist search, which a profile of the 1:1 bench showed as the commit thread's top cost.
        options.setMemtablePrefixBloomSizeRatio(0.02).setMemtableWholeKeyFiltering(true);
      }
      case DEVICE_PREFIX -> {
        table.setFilterPolicy(bloom).setWholeKeyFiltering(false);
        options.useFixedLengthPrefixExtractor(Keys.LONG_BYTES).setMemtablePrefixBloomSizeRatio(0.05);
      }
      case SCAN -> {}
    }
    return options.setTableFormatConfig(table);
  }

  private void checkSchema() throws RocksDBException {
    byte[] stored = db.get(cf(Family.META), SCHEMA_KEY);
    long version = stored == null ? 0 : Keys.decodeLong(stored);
    if (version > SCHEMA_VERSION) {
      throw new StorageFailureException(
          "the data directory has schema version " + version + ", newer than this build's " + SCHEMA_VERSION
              + ": run a Parley release that reads it, or restore a backup taken by this release",
          null);
    }
    try (WriteOptions sync = new WriteOptions().setSync(true)) {
      if (stored == null) {
        db.put(cf(Family.META), sync, SCHEMA_KEY, Keys.encodeLong(SCHEMA_VERSION));
        return;
      }
      for (long v = version; v < SCHEMA_VERSION; v++) {
        // Each step and its new version go in one synced batch, so a crash leaves a known version.
        try (WriteBatch batch = new WriteBatch()) {
          SchemaUpgrades.step(v, this, batch);
          batch.put(cf(Family.META), SCHEMA_KEY, Keys.encodeLong(v + 1));
          db.write(sync, batch);
        }
        log.info("upgraded the data directory from schema version {} to {}", v, v + 1);
      }
    }
  }

  RocksDB db() {
    return db;
  }

  ColumnFamilyHandle cf(Family family) {
    return families.get(family);
  }

  byte[] get(Family family, byte[] key) throws RocksDBException {
    return db.get(families.get(family), key);
  }

  byte[] get(Family family, ReadOptions options, byte[] key) throws RocksDBException {
    return db.get(families.get(family), options, key);
  }

  /** The caller closes the iterator, before the read options. */
  RocksIterator iterator(Family family, ReadOptions options) {
    return db.newIterator(families.get(family), options);
  }

  /**
   * Syncs the WAL (so a clean shutdown loses nothing even under {@link SyncPolicy#ASYNC}), waits for
   * background work, then closes the column families, the DB and its options, in that order.
   */
  @Override
  public void close() {
    try {
      db.flushWal(true);
    } catch (RocksDBException e) {
      log.error("WAL sync at close failed", e);
    }
    db.cancelAllBackgroundWork(true);
    families.values().forEach(ColumnFamilyHandle::close);
    defaultFamily.close();
    try {
      db.closeE();
    } catch (RocksDBException e) {
      log.error("closing RocksDB failed", e);
    }
    closeReversed(owned);
  }

  private static <T extends AbstractNativeReference> T own(List<AbstractNativeReference> owned, T resource) {
    owned.add(resource);
    return resource;
  }

  private static void closeReversed(List<AbstractNativeReference> owned) {
    List<AbstractNativeReference> reversed = new ArrayList<>(owned);
    Collections.reverse(reversed);
    reversed.forEach(AbstractNativeReference::close);
  }
}
