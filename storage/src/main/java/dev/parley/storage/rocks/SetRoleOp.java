package dev.parley.storage.rocks;

import dev.parley.storage.account.UserId;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.MemberUpdate;
import dev.parley.storage.group.Membership;
import dev.parley.storage.group.Role;
import org.rocksdb.RocksDBException;

/**
 * Gives a member another role (ADMIN or MEMBER), rewriting both membership rows and the admin
 * index; the owner keeps its role. Runs on the commit thread, so an append sees either the old role or the new one.
 */
record SetRoleOp(GroupId group, UserId user, Role role) implements CommitOp<MemberUpdate> {

  @Override
  public MemberUpdate apply(Round round) throws RocksDBException {
    if (round.get(Family.GROUPS, Keys.group(group)) == null) return MemberUpdate.NO_SUCH_GROUP;
    byte[] memberKey = Keys.member(group, user);
    byte[] stored = round.get(Family.GROUP_MEMBERS, memberKey);
    if (stored == null) return MemberUpdate.NOT_A_MEMBER;
    Membership m = GroupRecords.membership(group, user, stored);
    if (m.role() == Role.OWNER) return MemberUpdate.OWNER_IS_FIXED;
    if (m.role() == role) return MemberUpdate.UPDATED;

    byte[] value = GroupRecords.membership(new Membership(group, user, role, m.joinedAtMs(), m.joinedAtSeq()));
    round.put(Family.GROUP_MEMBERS, memberKey, value);
    round.put(Family.USER_GROUPS, Keys.userGroup(user, group), value);
    if (role == Role.ADMIN) round.put(Family.GROUP_ADMINS, Keys.admin(group, user), Keys.EMPTY);
    else round.delete(Family.GROUP_ADMINS, Keys.admin(group, user));
    return MemberUpdate.UPDATED;
  }
}
