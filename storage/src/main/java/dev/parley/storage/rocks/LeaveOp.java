package dev.parley.storage.rocks;

import dev.parley.storage.account.UserId;
import dev.parley.storage.group.Departure;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.Membership;
import dev.parley.storage.group.Role;
import dev.parley.storage.rocks.disk.GroupRecord;
import java.util.Optional;
import org.rocksdb.RocksDBException;

/**
 * A member leaves. Anyone but the owner goes as {@link RemoveMemberOp} removes it. The owner's
 * successor is the admin with the lowest user id: the first key of the group in group_admins, one
 * seek however many members the group has. The hand-over ({@link TransferOwnershipOp#transfer}) and
 * the removal are one batch. An owner who is the only member deletes the group ({@link
 * DeleteGroupOp}; the store then purges the rest). Runs on the commit thread.
 */
record LeaveOp(GroupId group, UserId user) implements CommitOp<Departure> {

  @Override
  public Departure apply(Round round) throws RocksDBException {
    byte[] stored = round.get(Family.GROUPS, Keys.group(group));
    if (stored == null) return new Departure.NotMember();
    byte[] row = round.get(Family.GROUP_MEMBERS, Keys.member(group, user));
    if (row == null) return new Departure.NotMember();
    Membership me = GroupRecords.membership(group, user, row);
    if (me.role() != Role.OWNER) {
      new RemoveMemberOp(group, user).apply(round);
      return new Departure.Left(Optional.empty());
    }
    GroupRecord record = GroupRecords.groupRecord(stored);
    if (record.getMemberCount() <= 1) {
      new DeleteGroupOp(group).apply(round);
      return new Departure.Deleted();
    }
    Optional<Membership> heir = TransferOwnershipOp.lowestAdmin(round, group);
    if (heir.isEmpty()) return new Departure.NoSuccessor();
    Membership owner = TransferOwnershipOp.transfer(round, record, me, heir.get()).owner();
    // Now an admin: removed like one, with the record the transfer just wrote.
    new RemoveMemberOp(group, user).apply(round);
    return new Departure.Left(Optional.of(owner));
  }
}
