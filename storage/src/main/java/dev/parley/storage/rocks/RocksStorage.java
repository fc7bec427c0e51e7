package dev.parley.storage.rocks;

import dev.parley.storage.Storage;
import dev.parley.storage.StorageFailureException;
import dev.parley.storage.account.AccountStore;
import dev.parley.storage.group.GroupInviteStore;
import dev.parley.storage.admin.AdminStore;
import dev.parley.storage.group.GroupStore;
import dev.parley.storage.inbox.InboxStore;
import dev.parley.storage.prekey.PrekeyStore;
import dev.parley.storage.presence.PresenceStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parley's storage on one embedded RocksDB. All writes go through one commit thread that
 * group-commits them (see {@link SyncPolicy} for what "durable" means); reads run on a small read
 * pool; a sweeper deletes expired messages and stale dedup records.
 *
 * <p>Thread-safe. Every store method returns at once; futures complete on a storage thread.
 * {@link #close()} blocks until queued writes are durable and the engine is released.
 */
public final class RocksStorage implements Storage {
  private static final Logger log = LoggerFactory.getLogger(RocksStorage.class);
  private static final int READ_THREADS = 2;
  private static final int READ_QUEUE_CAPACITY = 16_384;
  private static final long READ_DRAIN_MILLIS = 60_000;
  /** Inboxes and group logs whose last seq the commit thread keeps in memory (about 100 bytes each). */
  private static final int CACHED_SEQS = 100_000;
  /** Accounts, usernames and device lists kept for sends (a few hundred bytes each). */
  private static final int CACHED_DIRECTORY_ENTRIES = 100_000;

  private final Database db;
  private final CommitStage commits;
  private final ReadStage reads;
  private final Sweeper sweeper;
  private final RocksAccountStore accounts;
  private final RocksInboxStore inboxes;
  private final RocksPrekeyStore prekeys;
  private final RocksGroupStore groups;
  private final RocksGroupInviteStore groupInvites;
  private final RocksPresenceStore presence;
  private final Maintenance maintenance;
  private final RocksAdminStore admin;
  private volatile boolean closed;

  private RocksStorage(RocksConfig config, Clock clock, MeterRegistry meters, Database db) {
    this.db = db;
    this.commits =
        new CommitStage(db, config.sync(), config.commitQueueCapacity(), config.maxBatchSize(), CACHED_SEQS, meters);
    this.reads = new ReadStage(READ_THREADS, READ_QUEUE_CAPACITY, meters);
    this.accounts = new RocksAccountStore(db, commits, reads, new DirectoryCache(CACHED_DIRECTORY_ENTRIES, meters));
    this.inboxes = new RocksInboxStore(db, commits, reads, config.dedupWindow().toMillis());
    this.prekeys = new RocksPrekeyStore(db, commits, reads);
    this.groups = new RocksGroupStore(db, commits, reads, config.dedupWindow().toMillis());
    this.groupInvites = new RocksGroupInviteStore(db, commits, reads);
    this.presence = new RocksPresenceStore(db, commits, reads);
    this.maintenance = new Maintenance();
    this.admin = new RocksAdminStore(db, commits, reads, maintenance, accounts, inboxes, prekeys, groups);
    this.sweeper = new Sweeper(commits, clock, config.dedupWindow(), config.sweepInterval());
  }

  /**
   * Opens (creating when missing) the database in {@code config.dir()} and starts the commit
   * thread, the read pool and the sweeper.
   *
   * @throws StorageFailureException when the directory or the database cannot be opened
   */
  public static RocksStorage open(RocksConfig config, Clock clock, MeterRegistry meters) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(meters, "meters");
    Database db;
    try {
      Files.createDirectories(config.dir());
      db = Database.open(config.dir());
    } catch (IOException | RocksDBException e) {
      throw new StorageFailureException("cannot open storage in " + config.dir(), e);
    }
    try {
      RocksStorage storage = new RocksStorage(config, clock, meters, db);
      log.info("storage open dir={} sync={}", config.dir(), config.sync());
      return storage;
    } catch (RuntimeException | Error e) {
      db.close();
      throw e;
    }
  }

  @Override
  public AccountStore accounts() {
    return accounts;
  }

  @Override
  public InboxStore inboxes() {
    return inboxes;
  }

  @Override
  public PrekeyStore prekeys() {
    return prekeys;
  }

  @Override
  public GroupStore groups() {
    return groups;
  }

  @Override
  public GroupInviteStore groupInvites() {
    return groupInvites;
  }

  @Override
  public PresenceStore presence() {
    return presence;
  }

  @Override
  public AdminStore admin() {
    return admin;
  }

  @Override
  public boolean healthy() {
    return !closed && commits.healthy();
  }

  /** Runs a sweep now instead of waiting for the interval; completes when it is done. */
  CompletableFuture<Sweeper.Result> sweepNow() {
    return sweeper.sweepNow();
  }

  CommitStage commits() {
    return commits;
  }

  /**
   * Stops taking work, completes every write already queued, stops the sweeper and the read pool,
   * then syncs the WAL and closes RocksDB. Blocks; idempotent; later calls fail with {@link
   * StorageFailureException}.
   */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    sweeper.close();
    commits.close();
    if (!maintenance.shutdown(READ_DRAIN_MILLIS) || !reads.shutdown(READ_DRAIN_MILLIS)) {
      // Closing the DB under a running read would crash the JVM; leaking it until exit is safer.
      log.error("reads or maintenance still running after {} ms; leaving the database open", READ_DRAIN_MILLIS);
      return;
    }
    db.close();
    log.info("storage closed");
  }
}
