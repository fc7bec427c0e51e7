package dev.parley.storage.rocks;

import com.google.protobuf.ByteString;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.GroupEdit;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.rocks.disk.GroupMessageRecord;
import org.rocksdb.RocksDBException;

/**
 * Edits or deletes for everyone the entry at {@code seq} of a group's log, in place: the entry keeps
 * its seq, ids, sender and expiry, so devices that catch up later read the latest version, and a
 * deleted one as a marker with an empty body. Only the latest revision is kept. {@code replacement}
 * is the new body, or null to delete. Runs on the commit thread.
 */
record ReviseOp(GroupId group, long seq, UserId by, long nowMs, byte[] replacement) implements CommitOp<GroupEdit> {

  @Override
  public GroupEdit apply(Round round) throws RocksDBException {
    // First the group: deleting one range-deletes its log, which Round#get does not see.
    if (round.get(Family.GROUPS, Keys.group(group)) == null) return new GroupEdit.NoSuchEntry();
    byte[] key = Keys.groupLog(group, seq);
    byte[] stored = round.get(Family.GROUP_LOG, key);
    if (stored == null) return new GroupEdit.NoSuchEntry();
    GroupMessageRecord entry = GroupRecords.messageRecord(stored);
    // Expired but not swept yet: nobody can read it, so nobody can edit it.
    if (entry.getExpiresAtMs() != 0 && entry.getExpiresAtMs() <= nowMs) return new GroupEdit.NoSuchEntry();
    if (entry.getDeleted()) return new GroupEdit.AlreadyDeleted();

    GroupMessageRecord.Builder revised = entry.toBuilder();
    if (replacement == null) {
      revised.setBody(ByteString.EMPTY).setDeleted(true).setDeletedAtMs(nowMs).setDeletedByUserId(by.value());
    } else {
      revised.setBody(ByteString.copyFrom(replacement)).setEditedAtMs(nowMs).setEditedByUserId(by.value());
    }
    GroupMessageRecord after = revised.build();
    round.put(Family.GROUP_LOG, key, after.toByteArray());
    return new GroupEdit.Done(GroupRecords.entry(group, seq, after));
  }
}
