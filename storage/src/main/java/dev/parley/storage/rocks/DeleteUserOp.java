package dev.parley.storage.rocks;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.admin.UserDeletion;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.Membership;
import dev.parley.storage.group.Role;
import dev.parley.storage.rocks.disk.GroupRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksDBException;

/**
 * Erases a user in one batch: every device as {@link RemoveDeviceOp} removes it (record, inbox,
 * keys, prekeys, group cursors), then every membership row with the group's member count, then the
 * account and its username. The devices go first because their removal finds the cursors through the
 * user's memberships.
 *
 * <p>A group the user owned gets a successor in the same batch, so no committed state has a group
 * without an owner: the admin with the lowest user id (the first key of the group in group_admins),
 * or with no admin the member with the lowest user id (the first key of the group in group_members,
 * which are ordered by group, then user). Each is one seek, whatever the group's size; the user's own
 * rows are deleted first, and {@link Round#first} sees that. With no other member the group is
 * deleted as {@link DeleteGroupOp} deletes it, and the store then purges the rest. Runs on the commit
 * thread.
 */
record DeleteUserOp(UserId user) implements CommitOp<Optional<UserDeletion>> {

  @Override
  public Optional<UserDeletion> apply(Round round) throws RocksDBException {
    byte[] userKey = Keys.user(user);
    byte[] stored = round.get(Family.ACCOUNTS, userKey);
    if (stored == null) return Optional.empty();
    for (Round.Entry device : round.scan(Family.DEVICES, userKey, Integer.MAX_VALUE)) {
      new RemoveDeviceOp(user, new DeviceId(Keys.deviceOfUser(device.key()))).apply(round);
    }
    List<UserDeletion.Succession> successions = new ArrayList<>();
    List<Group> deletedGroups = new ArrayList<>();
    for (Round.Entry membership : round.scan(Family.USER_GROUPS, userKey, Integer.MAX_VALUE)) {
      GroupId group = new GroupId(Keys.userGroupGroup(membership.key()));
      Role role = GroupRecords.membership(group, user, membership.value()).role();
      round.delete(Family.USER_GROUPS, membership.key());
      round.delete(Family.GROUP_MEMBERS, Keys.member(group, user));
      if (role == Role.ADMIN) round.delete(Family.GROUP_ADMINS, Keys.admin(group, user));
      byte[] groupKey = Keys.group(group);
      byte[] groupBytes = round.get(Family.GROUPS, groupKey);
      if (groupBytes == null) continue; // deleted; its purge removes nothing of ours any more
      GroupRecord record = GroupRecords.groupRecord(groupBytes);
      GroupRecord.Builder updated = record.toBuilder().setMemberCount(Math.max(0, record.getMemberCount() - 1));
      if (role == Role.OWNER) {
        Optional<Membership> heir = heir(round, group);
        if (heir.isEmpty()) {
          deletedGroups.add(GroupRecords.group(record));
          new DeleteGroupOp(group).apply(round);
          continue;
        }
        Membership owner = TransferOwnershipOp.crown(round, heir.get());
        updated.setOwnerUserId(owner.user().value());
        successions.add(new UserDeletion.Succession(GroupRecords.group(updated.build()), owner));
      }
      round.put(Family.GROUPS, groupKey, updated.build().toByteArray());
    }
    // The presence setting and contact list (owner + contact keys, and owner + 0 for the count).
    round.delete(Family.PRESENCE_PRIVACY, userKey);
    round.deleteRange(Family.CONTACTS, userKey, Keys.prefixEnd(userKey));
    round.delete(Family.USERNAMES, Keys.username(Records.account(stored).username()));
    round.delete(Family.ACCOUNTS, userKey);
    return Optional.of(new UserDeletion(user, successions, deletedGroups));
  }

  /** The admin with the lowest user id, else the member with the lowest user id; empty when none is left. */
  private static Optional<Membership> heir(Round round, GroupId group) throws RocksDBException {
    Optional<Membership> admin = TransferOwnershipOp.lowestAdmin(round, group);
    if (admin.isPresent()) return admin;
    return round.first(Family.GROUP_MEMBERS, Keys.group(group))
        .map(m -> GroupRecords.membership(group, new UserId(Keys.memberUser(m.key())), m.value()));
  }
}
