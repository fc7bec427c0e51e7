package dev.parley.storage.rocks;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.MemberUpdate;
import dev.parley.storage.group.Role;
import dev.parley.storage.rocks.disk.GroupRecord;
import org.rocksdb.RocksDBException;

/**
 * Removes a member: both membership rows (and its admin index row), the cursors of the user's devices, and one from the member
 * count, in one batch. The owner cannot be removed. Runs on the commit thread, so no append of the
 * member's is accepted once the removal is durable.
 */
record RemoveMemberOp(GroupId group, UserId user) implements CommitOp<MemberUpdate> {

  @Override
  public MemberUpdate apply(Round round) throws RocksDBException {
    byte[] groupKey = Keys.group(group);
    byte[] stored = round.get(Family.GROUPS, groupKey);
    if (stored == null) return MemberUpdate.NO_SUCH_GROUP;
    byte[] memberKey = Keys.member(group, user);
    byte[] member = round.get(Family.GROUP_MEMBERS, memberKey);
    if (member == null) return MemberUpdate.NOT_A_MEMBER;
    Role role = GroupRecords.membership(group, user, member).role();
    if (role == Role.OWNER) return MemberUpdate.OWNER_IS_FIXED;

    round.delete(Family.GROUP_MEMBERS, memberKey);
    if (role == Role.ADMIN) round.delete(Family.GROUP_ADMINS, Keys.admin(group, user));
    round.delete(Family.USER_GROUPS, Keys.userGroup(user, group));
    // A user has a handful of devices; a removed device's cursors went with it.
    for (Round.Entry device : round.scan(Family.DEVICES, Keys.user(user), Integer.MAX_VALUE)) {
      round.delete(Family.GROUP_CURSORS, Keys.groupCursor(group, new DeviceId(Keys.deviceOfUser(device.key()))));
    }
    GroupRecord record = GroupRecords.groupRecord(stored);
    round.put(
        Family.GROUPS, groupKey, record.toBuilder().setMemberCount(record.getMemberCount() - 1).build().toByteArray());
    return MemberUpdate.UPDATED;
  }
}
