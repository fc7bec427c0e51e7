package dev.parley.storage.rocks;

import dev.parley.storage.account.Account;
import dev.parley.storage.account.Device;
import dev.parley.storage.account.UserId;
import dev.parley.storage.admin.AdminStore;
import dev.parley.storage.admin.Invite;
import dev.parley.storage.admin.StorageStats;
import dev.parley.storage.admin.UserData;
import dev.parley.storage.admin.UserDeletion;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.GroupStore;
import dev.parley.storage.inbox.InboxStore;
import dev.parley.storage.prekey.PrekeyStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.rocksdb.Checkpoint;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's door into the RocksDB store. Writes through the commit stage, scans on the read
 * stage, checkpoints and compaction on the maintenance thread. Thread-safe.
 */
final class RocksAdminStore implements AdminStore {
  /** Undelivered messages exported per device, at most: an export is a document, not a dump. */
  private static final int EXPORT_INBOX_LIMIT = 10_000;
  private static final Logger log = LoggerFactory.getLogger(RocksAdminStore.class);

  private final Database db;
  private final CommitStage commits;
  private final ReadStage reads;
  private final Maintenance maintenance;
  private final RocksAccountStore accountStore;
  private final InboxStore inboxStore;
  private final PrekeyStore prekeyStore;
  private final GroupStore groupStore;

  RocksAdminStore(
      Database db, CommitStage commits, ReadStage reads, Maintenance maintenance, RocksAccountStore accounts,
      InboxStore inboxes, PrekeyStore prekeys, GroupStore groups) {
    this.db = db;
    this.commits = commits;
    this.reads = reads;
    this.maintenance = maintenance;
    this.accountStore = accounts;
    this.inboxStore = inboxes;
    this.prekeyStore = prekeys;
    this.groupStore = groups;
  }

  @Override
  public CompletableFuture<List<Account>> accounts(long afterId, int limit) {
    return reads.submit(() -> scan(Family.ACCOUNTS, afterId, limit, Records::account));
  }

  @Override
  public CompletableFuture<List<Group>> groups(long afterId, int limit) {
    return reads.submit(() -> scan(Family.GROUPS, afterId, limit, GroupRecords::group));
  }

  /** Values of a family keyed by one 8-byte id, from the id after {@code afterId}. */
  private <T> List<T> scan(Family family, long afterId, int limit, Function<byte[], T> decode)
      throws RocksDBException {
    if (limit < 1) throw new IllegalArgumentException("limit < 1: " + limit);
    List<T> found = new ArrayList<>();
    if (afterId == Long.MAX_VALUE) return found;
    try (ReadOptions options = new ReadOptions(); RocksIterator it = db.iterator(family, options)) {
      for (it.seek(Keys.encodeLong(Math.max(0, afterId) + 1)); it.isValid() && found.size() < limit; it.next()) {
        found.add(decode.apply(it.value()));
      }
      it.status();
    }
    return found;
  }

  @Override
  public CompletableFuture<Boolean> setDisabled(UserId user, boolean disabled) {
    Objects.requireNonNull(user, "user");
    return accountStore.changing(user, commits.submit(
        round -> {
          byte[] stored = round.get(Family.ACCOUNTS, Keys.user(user));
          if (stored == null) return false;
          Account a = Records.account(stored);
          round.put(Family.ACCOUNTS, Keys.user(user), Records.account(new Account(a.id(), a.username(), a.createdAtMs(), disabled)));
          return true;
        }));
  }

  @Override
  public CompletableFuture<Optional<UserDeletion>> deleteUser(UserId user) {
    Objects.requireNonNull(user, "user");
    return accountStore
        .changing(user, commits.submit(new DeleteUserOp(user)))
        .thenCompose(
            d -> d.isEmpty()
                ? CompletableFuture.completedFuture(d)
                : purge(d.get().deletedGroups(), 0).thenApply(v -> d));
  }

  /**
   * Purges the groups the deletion deleted, one after another. The user is erased and those groups are
   * gone once the deletion is durable: a purge refused here (queue full, closing) only leaves member
   * rows that nobody reads to the sweeper, which resumes every purge marker, so it does not fail the
   * deletion.
   */
  private CompletableFuture<Void> purge(List<Group> groups, int next) {
    if (next == groups.size()) return CompletableFuture.completedFuture(null);
    GroupId group = groups.get(next).id();
    return GroupPurge.run(commits, group)
        .handle((purged, failure) -> {
          if (failure != null) log.warn("purge of deleted group {} left to the sweeper", group, failure);
          return null;
        })
        .thenCompose(v -> purge(groups, next + 1));
  }

  @Override
  public CompletableFuture<Optional<UserData>> export(UserId user) {
    Objects.requireNonNull(user, "user");
    return accountStore
        .findById(user)
        .thenCompose(
            account -> {
              if (account.isEmpty()) return CompletableFuture.completedFuture(Optional.<UserData>empty());
              var memberships = groupStore.groupsOf(user);
              return accountStore
                  .devices(user)
                  .thenCompose(this::deviceData)
                  .thenCombine(memberships, (devices, groups) -> Optional.of(new UserData(account.get(), devices, groups)));
            });
  }

  private CompletableFuture<List<UserData.DeviceData>> deviceData(List<Device> devices) {
    List<CompletableFuture<UserData.DeviceData>> each = new ArrayList<>();
    for (Device d : devices) {
      each.add(
          prekeyStore
              .counts(d.id())
              .thenCombine(
                  inboxStore.read(d.id(), 0, EXPORT_INBOX_LIMIT, 0),
                  (counts, inbox) -> new UserData.DeviceData(d, counts, inbox)));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
  }

  @Override
  public CompletableFuture<Optional<String>> setting(String name) {
    return reads.submit(
        () -> {
          byte[] value = db.get(Family.META, InviteRecords.settingKey(name));
          return Optional.ofNullable(value).map(v -> new String(v, StandardCharsets.UTF_8));
        });
  }

  @Override
  public CompletableFuture<Void> putSetting(String name, String value) {
    byte[] key = InviteRecords.settingKey(name);
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    return commits.submit(
        round -> {
          round.put(Family.META, key, bytes);
          return null;
        });
  }

  @Override
  public CompletableFuture<Boolean> createInvite(Invite invite) {
    byte[] key = InviteRecords.key(invite.code());
    byte[] value = InviteRecords.encode(invite);
    return commits.submit(
        round -> {
          if (round.get(Family.META, key) != null) return false;
          round.put(Family.META, key, value);
          return true;
        });
  }

  @Override
  public CompletableFuture<List<Invite>> invites() {
    return reads.submit(
        () -> {
          List<Invite> invites = new ArrayList<>();
          byte[] prefix = InviteRecords.INVITE_PREFIX;
          try (Slice upper = new Slice(Keys.prefixEnd(prefix));
              ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
              RocksIterator it = db.iterator(Family.META, options)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
              invites.add(InviteRecords.decode(InviteRecords.code(it.key()), it.value()));
            }
            it.status();
          }
          return invites;
        });
  }

  @Override
  public CompletableFuture<Boolean> revokeInvite(String code) {
    if (!Invite.validCode(code)) return CompletableFuture.completedFuture(false);
    byte[] key = InviteRecords.key(code);
    return commits.submit(
        round -> {
          if (round.get(Family.META, key) == null) return false;
          round.delete(Family.META, key);
          return true;
        });
  }

  @Override
  public CompletableFuture<Void> checkpoint(Path target) {
    Objects.requireNonNull(target, "target");
    return maintenance.submit(
        () -> {
          if (Files.exists(target)) throw new IllegalArgumentException("backup target exists: " + target);
          Files.createDirectories(target.toAbsolutePath().getParent());
          try (Checkpoint checkpoint = Checkpoint.create(db.db())) {
            checkpoint.createCheckpoint(target.toString());
          }
          return null;
        });
  }

  @Override
  public CompletableFuture<Void> compact() {
    return maintenance.submit(
        () -> {
          for (Family f : Family.values()) db.db().compactRange(db.cf(f));
          return null;
        });
  }

  @Override
  public CompletableFuture<StorageStats> stats() {
    return maintenance.submit(
        () -> {
          Map<String, Long> keys = new LinkedHashMap<>();
          for (Family f : Family.values()) {
            keys.put(new String(f.cfName(), StandardCharsets.UTF_8), property(f, "rocksdb.estimate-num-keys"));
          }
          return new StorageStats(
              keys, sum("rocksdb.estimate-live-data-size"), sum("rocksdb.total-sst-files-size"),
              sum("rocksdb.cur-size-all-mem-tables"), property(Family.ACCOUNTS, "rocksdb.block-cache-usage"),
              sum("rocksdb.estimate-pending-compaction-bytes"));
        });
  }

  private long sum(String property) throws RocksDBException {
    long total = 0;
    for (Family f : Family.values()) total += property(f, property);
    return total;
  }

  private long property(Family f, String property) throws RocksDBException {
    return db.db().getLongProperty(db.cf(f), property);
  }
}
