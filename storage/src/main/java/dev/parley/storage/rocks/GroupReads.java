package dev.parley.storage.rocks;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupEntry;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.GroupName;
import dev.parley.storage.group.GroupRead;
import dev.parley.storage.group.Membership;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

/**
 * The group reads, run on the read stage against the committed DB. A read that needs more than one
 * key takes them from one snapshot, so a commit in between cannot mix states: a member removed by
 * that commit reads nothing appended after the removal, and the rows of a deleted group that a purge
 * has not reached yet are hidden, because the group record is checked in the same view.
 */
final class GroupReads {
  /** A read against one snapshot. */
  @FunctionalInterface
  private interface AtSnapshot<T> {
    T read(Snapshot snapshot, ReadOptions options) throws RocksDBException;
  }

  private final Database db;

  GroupReads(Database db) {
    this.db = db;
  }

  Optional<Group> byId(GroupId id) throws RocksDBException {
    byte[] stored = db.get(Family.GROUPS, Keys.group(id));
    return stored == null ? Optional.empty() : Optional.of(GroupRecords.group(stored));
  }

  Optional<Group> byName(GroupName name) throws RocksDBException {
    return atSnapshot(
        (snapshot, options) -> {
          byte[] id = db.get(Family.GROUP_NAMES, options, Keys.groupName(name));
          if (id == null) return Optional.empty();
          byte[] stored = db.get(Family.GROUPS, options, id);
          return stored == null ? Optional.empty() : Optional.of(GroupRecords.group(stored));
        });
  }

  Optional<Membership> membership(GroupId group, UserId user) throws RocksDBException {
    return atSnapshot((snapshot, options) -> membership(options, group, user));
  }

  private Optional<Membership> membership(ReadOptions options, GroupId group, UserId user) throws RocksDBException {
    if (db.get(Family.GROUPS, options, Keys.group(group)) == null) return Optional.empty();
    byte[] stored = db.get(Family.GROUP_MEMBERS, options, Keys.member(group, user));
    return stored == null ? Optional.empty() : Optional.of(GroupRecords.membership(group, user, stored));
  }

  List<Membership> members(GroupId group, long afterUserId, int limit) throws RocksDBException {
    return atSnapshot(
        (snapshot, options) -> {
          List<Membership> members = new ArrayList<>(Math.min(limit, 1_024));
          byte[] prefix = Keys.group(group);
          if (db.get(Family.GROUPS, options, prefix) == null) return members;
          // Closed in reverse order: iterator, options, bound.
          try (Slice upper = new Slice(Keys.prefixEnd(prefix));
              ReadOptions bounded = new ReadOptions().setSnapshot(snapshot).setIterateUpperBound(upper);
              RocksIterator it = db.iterator(Family.GROUP_MEMBERS, bounded)) {
            it.seek(Keys.member(group, new UserId(afterUserId + 1)));
            for (; it.isValid() && members.size() < limit; it.next()) {
              members.add(GroupRecords.membership(group, new UserId(Keys.memberUser(it.key())), it.value()));
            }
            it.status();
          }
          return members;
        });
  }

  /** The first {@code limit} keys of the group in group_admins, read with the group record in one view. */
  List<UserId> admins(GroupId group, int limit) throws RocksDBException {
    return atSnapshot(
        (snapshot, options) -> {
          List<UserId> admins = new ArrayList<>();
          byte[] prefix = Keys.group(group);
          if (db.get(Family.GROUPS, options, prefix) == null) return admins;
          try (Slice upper = new Slice(Keys.prefixEnd(prefix));
              ReadOptions bounded = new ReadOptions().setSnapshot(snapshot).setIterateUpperBound(upper);
              RocksIterator it = db.iterator(Family.GROUP_ADMINS, bounded)) {
            for (it.seek(prefix); it.isValid() && admins.size() < limit; it.next()) {
              admins.add(new UserId(Keys.memberUser(it.key())));
            }
            it.status();
          }
          return admins;
        });
  }

  /** One scan of user_groups, less the groups deleted but not purged yet. */
  List<Membership> groupsOf(UserId user) throws RocksDBException {
    return atSnapshot(
        (snapshot, options) -> {
          List<Membership> groups = new ArrayList<>();
          byte[] prefix = Keys.user(user);
          try (Slice upper = new Slice(Keys.prefixEnd(prefix));
              ReadOptions bounded = new ReadOptions().setSnapshot(snapshot).setIterateUpperBound(upper);
              RocksIterator it = db.iterator(Family.USER_GROUPS, bounded)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
              GroupId group = new GroupId(Keys.userGroupGroup(it.key()));
              if (db.get(Family.GROUPS, options, Keys.group(group)) == null) continue;
              groups.add(GroupRecords.membership(group, user, it.value()));
            }
            it.status();
          }
          return groups;
        });
  }

  int memberCount(GroupId group) throws RocksDBException {
    byte[] stored = db.get(Family.GROUPS, Keys.group(group));
    return stored == null ? 0 : GroupRecords.groupRecord(stored).getMemberCount();
  }

  /** The reader's entries after max(afterSeq, joinedAtSeq), from the snapshot its membership is read in. */
  GroupRead read(GroupId group, UserId reader, long afterSeq, int limit, long nowMs) throws RocksDBException {
    return atSnapshot(
        (snapshot, options) -> {
          Optional<Membership> member = membership(options, group, reader);
          if (member.isEmpty()) return new GroupRead.NotMember();
          long after = Math.max(afterSeq, member.get().joinedAtSeq());
          List<GroupEntry> entries = new ArrayList<>(Math.min(limit, 256));
          if (after == Long.MAX_VALUE) return new GroupRead.Entries(entries);
          byte[] prefix = Keys.group(group);
          try (Slice upper = new Slice(Keys.prefixEnd(prefix));
              ReadOptions bounded = new ReadOptions().setSnapshot(snapshot).setIterateUpperBound(upper);
              RocksIterator it = db.iterator(Family.GROUP_LOG, bounded)) {
            for (it.seek(Keys.groupLog(group, after + 1)); it.isValid() && entries.size() < limit; it.next()) {
              GroupEntry entry =
                  GroupRecords.entry(group, Keys.groupLogSeq(it.key()), GroupRecords.messageRecord(it.value()));
              // Expired but not yet swept: the sweeper deletes it later; nobody may read it now.
              if (!entry.expiredAt(nowMs)) entries.add(entry);
            }
            it.status();
          }
          return new GroupRead.Entries(entries);
        });
  }

  /**
   * The reader's entries below beforeSeq and above its joinedAtSeq, newest first, from the snapshot
   * its membership is read in: a reverse scan bounded below by the join point.
   */
  GroupRead readBefore(GroupId group, UserId reader, long beforeSeq, int limit, long nowMs) throws RocksDBException {
    return atSnapshot(
        (snapshot, options) -> {
          Optional<Membership> member = membership(options, group, reader);
          if (member.isEmpty()) return new GroupRead.NotMember();
          long joinedAt = member.get().joinedAtSeq();
          List<GroupEntry> entries = new ArrayList<>(Math.min(limit, 256));
          if (beforeSeq - 1 <= joinedAt) return new GroupRead.Entries(entries);
          // Closed in reverse order: iterator, options, bound.
          try (Slice lower = new Slice(Keys.groupLog(group, joinedAt + 1));
              ReadOptions bounded =
                  new ReadOptions().setSnapshot(snapshot).setIterateLowerBound(lower).setPrefixSameAsStart(true);
              RocksIterator it = db.iterator(Family.GROUP_LOG, bounded)) {
            for (it.seekForPrev(Keys.groupLog(group, beforeSeq - 1)); it.isValid() && entries.size() < limit; it.prev()) {
              GroupEntry entry =
                  GroupRecords.entry(group, Keys.groupLogSeq(it.key()), GroupRecords.messageRecord(it.value()));
              if (!entry.expiredAt(nowMs)) entries.add(entry);
            }
            it.status();
          }
          return new GroupRead.Entries(entries);
        });
  }

  /** 0 for a deleted group, also while its purge (which deletes its seq last) is still running. */
  long lastSeq(GroupId group) throws RocksDBException {
    return atSnapshot(
        (snapshot, options) -> {
          if (db.get(Family.GROUPS, options, Keys.group(group)) == null) return 0L;
          byte[] stored = db.get(Family.GROUP_SEQ, options, Keys.group(group));
          return stored == null ? 0 : Keys.decodeLong(stored);
        });
  }

  long cursor(DeviceId device, GroupId group) throws RocksDBException {
    byte[] stored = db.get(Family.GROUP_CURSORS, Keys.groupCursor(group, device));
    return stored == null ? 0 : Keys.decodeLong(stored);
  }

  private <T> T atSnapshot(AtSnapshot<T> read) throws RocksDBException {
    Snapshot snapshot = db.db().getSnapshot();
    try (ReadOptions options = new ReadOptions().setSnapshot(snapshot)) {
      return read.read(snapshot, options);
    } finally {
      db.db().releaseSnapshot(snapshot);
    }
  }
}
