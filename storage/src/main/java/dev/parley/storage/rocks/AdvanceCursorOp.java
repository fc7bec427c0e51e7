package dev.parley.storage.rocks;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.GroupId;
import java.util.OptionalLong;
import org.rocksdb.RocksDBException;

/**
 * Moves a device's cursor in a group's log forward, never back and never past the last seq. Only a
 * current member's device keeps a cursor, so a late advance racing a removal leaves no row behind.
 * A handful of point reads (mostly cached) and one put. Runs on the commit thread.
 */
record AdvanceCursorOp(DeviceId device, GroupId group, long upToSeq) implements CommitOp<OptionalLong> {

  @Override
  public OptionalLong apply(Round round) throws RocksDBException {
    // First the group: deleting one range-deletes its cursors, which Round#get does not see.
    if (round.get(Family.GROUPS, Keys.group(group)) == null) return OptionalLong.empty();
    byte[] owner = round.get(Family.DEVICE_INDEX, Keys.device(device));
    if (owner == null) return OptionalLong.empty();
    UserId user = new UserId(Keys.decodeLong(owner));
    if (round.get(Family.GROUP_MEMBERS, Keys.member(group, user)) == null) return OptionalLong.empty();

    byte[] key = Keys.groupCursor(group, device);
    byte[] stored = round.get(Family.GROUP_CURSORS, key);
    long current = stored == null ? 0 : Keys.decodeLong(stored);
    long target = Math.min(upToSeq, round.lastSeq(group));
    if (target <= current) return OptionalLong.of(current);
    round.put(Family.GROUP_CURSORS, key, Keys.encodeLong(target));
    return OptionalLong.of(target);
  }
}
