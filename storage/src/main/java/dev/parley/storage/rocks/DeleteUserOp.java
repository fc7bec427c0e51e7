package dev.parley.storage.rocks;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.Role;
import dev.parley.storage.rocks.disk.GroupRecord;
import org.rocksdb.RocksDBException;

/**
 * Erases a user in one batch: every device as {@link RemoveDeviceOp} removes it (record, inbox,
 * keys, prekeys, group cursors), then every membership row with the group's member count, then the
 * account and its username. The devices go first because their removal finds the cursors through the
 * user's memberships. A group the user owned keeps its other members and its owner field; nothing
 * else in it is the user's alone. Runs on the commit thread.
 */
record DeleteUserOp(UserId user) implements CommitOp<Boolean> {

  @Override
  public Boolean apply(Round round) throws RocksDBException {
    byte[] userKey = Keys.user(user);
    byte[] stored = round.get(Family.ACCOUNTS, userKey);
    if (stored == null) return false;
    for (Round.Entry device : round.scan(Family.DEVICES, userKey, Integer.MAX_VALUE)) {
      new RemoveDeviceOp(user, new DeviceId(Keys.deviceOfUser(device.key()))).apply(round);
    }
    for (Round.Entry membership : round.scan(Family.USER_GROUPS, userKey, Integer.MAX_VALUE)) {
      GroupId group = new GroupId(Keys.userGroupGroup(membership.key()));
      round.delete(Family.USER_GROUPS, membership.key());
      round.delete(Family.GROUP_MEMBERS, Keys.member(group, user));
      if (GroupRecords.membership(group, user, membership.value()).role() == Role.ADMIN) {
        round.delete(Family.GROUP_ADMINS, Keys.admin(group, user));
      }
      byte[] groupKey = Keys.group(group);
      byte[] groupBytes = round.get(Family.GROUPS, groupKey);
      if (groupBytes == null) continue; // deleted; its purge removes nothing of ours any more
      GroupRecord record = GroupRecords.groupRecord(groupBytes);
      round.put(
          Family.GROUPS, groupKey,
          record.toBuilder().setMemberCount(Math.max(0, record.getMemberCount() - 1)).build().toByteArray());
    }
    // The presence setting and contact list (owner + contact keys, and owner + 0 for the count).
    round.delete(Family.PRESENCE_PRIVACY, userKey);
    round.deleteRange(Family.CONTACTS, userKey, Keys.prefixEnd(userKey));
    round.delete(Family.USERNAMES, Keys.username(Records.account(stored).username()));
    round.delete(Family.ACCOUNTS, userKey);
    return true;
  }
}
