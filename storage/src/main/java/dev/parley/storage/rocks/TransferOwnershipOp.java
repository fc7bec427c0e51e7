package dev.parley.storage.rocks;

import dev.parley.storage.account.UserId;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.Membership;
import dev.parley.storage.group.OwnerChange;
import dev.parley.storage.group.Role;
import dev.parley.storage.rocks.disk.GroupRecord;
import java.util.Optional;
import org.rocksdb.RocksDBException;

/**
 * Hands a group from its owner to another member: both membership rows of both users, the admin
 * index (the heir leaves it, the previous owner enters it) and the group record's owner, in one
 * batch, so the group has exactly one owner in every committed state. The owner is checked here, on
 * the commit thread, so of two transfers racing only the first one passes.
 */
record TransferOwnershipOp(GroupId group, UserId from, UserId to) implements CommitOp<OwnerChange> {

  @Override
  public OwnerChange apply(Round round) throws RocksDBException {
    byte[] stored = round.get(Family.GROUPS, Keys.group(group));
    if (stored == null) return new OwnerChange.NoSuchGroup();
    GroupRecord record = GroupRecords.groupRecord(stored);
    if (record.getOwnerUserId() != from.value()) return new OwnerChange.NotOwner();
    byte[] ownerRow = round.get(Family.GROUP_MEMBERS, Keys.member(group, from));
    if (ownerRow == null) return new OwnerChange.NotOwner();
    byte[] heirRow = round.get(Family.GROUP_MEMBERS, Keys.member(group, to));
    if (heirRow == null) return new OwnerChange.NotMember();
    Membership owner = GroupRecords.membership(group, from, ownerRow);
    if (from.equals(to)) return new OwnerChange.Transferred(owner, owner);
    return transfer(round, record, owner, GroupRecords.membership(group, to, heirRow));
  }

  /** Writes the hand-over; the caller has checked that {@code owner} owns the group and {@code heir} is a member. */
  static OwnerChange.Transferred transfer(Round round, GroupRecord record, Membership owner, Membership heir)
      throws RocksDBException {
    GroupId group = owner.group();
    Membership newOwner = crown(round, heir);
    Membership previous = owner.withRole(Role.ADMIN);
    put(round, previous);
    round.put(Family.GROUP_ADMINS, Keys.admin(group, owner.user()), Keys.EMPTY);
    round.put(
        Family.GROUPS, Keys.group(group), record.toBuilder().setOwnerUserId(heir.user().value()).build().toByteArray());
    return new OwnerChange.Transferred(newOwner, previous);
  }

  /**
   * Makes {@code heir} the owner in both membership rows and takes it out of the admin index; the
   * caller writes the group record's owner and deals with the previous owner.
   */
  static Membership crown(Round round, Membership heir) throws RocksDBException {
    Membership newOwner = heir.withRole(Role.OWNER);
    put(round, newOwner);
    if (heir.role() == Role.ADMIN) round.delete(Family.GROUP_ADMINS, Keys.admin(heir.group(), heir.user()));
    return newOwner;
  }

  /** The admin with the lowest user id: the group's first key in group_admins, one seek. */
  static Optional<Membership> lowestAdmin(Round round, GroupId group) throws RocksDBException {
    Optional<Round.Entry> first = round.first(Family.GROUP_ADMINS, Keys.group(group));
    if (first.isEmpty()) return Optional.empty();
    UserId id = new UserId(Keys.memberUser(first.get().key()));
    byte[] row = round.get(Family.GROUP_MEMBERS, Keys.member(group, id));
    if (row == null) throw new IllegalStateException("group " + group + " indexes admin " + id + " who is no member");
    return Optional.of(GroupRecords.membership(group, id, row));
  }

  private static void put(Round round, Membership m) throws RocksDBException {
    byte[] value = GroupRecords.membership(m);
    round.put(Family.GROUP_MEMBERS, Keys.member(m.group(), m.user()), value);
    round.put(Family.USER_GROUPS, Keys.userGroup(m.user(), m.group()), value);
  }
}
