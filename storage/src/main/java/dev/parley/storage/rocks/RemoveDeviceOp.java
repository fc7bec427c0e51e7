package dev.parley.storage.rocks;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.GroupId;
import org.rocksdb.RocksDBException;

/**
 * Removes one device of a user with what belongs to it: its record and device_index entry, its whole
 * inbox, its long-lived and one-time prekeys and their counts, and its cursors in the user's groups.
 * Runs on the commit thread.
 *
 * <p>Left behind on purpose: its inbox_seq entry (8 bytes; device ids are never reused, and a late
 * append to the removed id, racing the removal, still never repeats a seq), its expiry entries (the
 * sweeper deletes them when due and tolerates their missing targets), and the sent records of its
 * own sends (the sweeper deletes them after the dedup window).
 *
 * <p>The inbox and prekeys go as range deletions, which later ops of the round do not see through
 * {@link Round#get}; that is safe because every op that reads a device's prekeys first finds the
 * device gone, and appends do not read the inbox.
 */
record RemoveDeviceOp(UserId user, DeviceId device) implements CommitOp<Boolean> {

  @Override
  public Boolean apply(Round round) throws RocksDBException {
    byte[] record = Keys.device(user, device);
    if (round.get(Family.DEVICES, record) == null) return false;
    byte[] deviceKey = Keys.device(device);
    byte[] deviceEnd = Keys.prefixEnd(deviceKey);
    round.delete(Family.DEVICES, record);
    round.delete(Family.DEVICE_INDEX, deviceKey);
    round.deleteRange(Family.INBOX, deviceKey, deviceEnd);
    round.delete(Family.DEVICE_KEYS, deviceKey);
    round.deleteRange(Family.PREKEYS_EC, deviceKey, deviceEnd);
    round.deleteRange(Family.PREKEYS_KEM, deviceKey, deviceEnd);
    round.delete(Family.PREKEY_COUNTS, deviceKey);
    for (Round.Entry membership : round.scan(Family.USER_GROUPS, Keys.user(user), Integer.MAX_VALUE)) {
      GroupId group = new GroupId(Keys.userGroupGroup(membership.key()));
      round.delete(Family.GROUP_CURSORS, Keys.groupCursor(group, device));
    }
    return true;
  }
}
