package dev.parley.storage.rocks;

import dev.parley.storage.group.GroupId;
import dev.parley.storage.rocks.disk.GroupRecord;
import org.rocksdb.RocksDBException;

/**
 * The first, atomic step of deleting a group: its record and name go, its log, cursors and admin
 * index go as range deletions, and a purge marker in meta names the group until {@link GroupPurge}
 * has deleted its member rows (both keys of each) and its seq in bounded chunks. From this write on
 * the group is gone for every op, since each one looks the group up first; the range deletions are
 * not seen through {@link Round#get} or {@link Round#scan}, which is why that lookup comes first. Its group_expiry entries stay
 * until due (the sweeper tolerates their missing targets) and the sent records of its posts until
 * the dedup window ends. Runs on the commit thread.
 */
record DeleteGroupOp(GroupId group) implements CommitOp<Boolean> {

  @Override
  public Boolean apply(Round round) throws RocksDBException {
    byte[] groupKey = Keys.group(group);
    byte[] stored = round.get(Family.GROUPS, groupKey);
    if (stored == null) return false;
    GroupRecord record = GroupRecords.groupRecord(stored);
    byte[] groupEnd = Keys.prefixEnd(groupKey);
    round.delete(Family.GROUPS, groupKey);
    round.delete(Family.GROUP_NAMES, Keys.groupName(GroupRecords.group(record).name()));
    round.deleteRange(Family.GROUP_LOG, groupKey, groupEnd);
    round.deleteRange(Family.GROUP_CURSORS, groupKey, groupEnd);
    round.deleteRange(Family.GROUP_ADMINS, groupKey, groupEnd);
    round.put(Family.META, Keys.groupPurge(group), Keys.EMPTY);
    return true;
  }
}
