package dev.parley.storage.rocks;

import dev.parley.storage.account.UserId;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.MembersAdded;
import dev.parley.storage.group.Membership;
import dev.parley.storage.group.Role;
import dev.parley.storage.rocks.disk.GroupRecord;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDBException;

/**
 * Adds users to a group, all or none: it counts who is new first and writes nothing when they do not
 * all fit under the limit. Each new member gets its row in group_members and in user_groups, and the
 * group record's member count moves in the same batch. New members join at the log's last seq as
 * this round leaves it, so they never read what was appended before them. Runs on the commit thread.
 */
record AddMembersOp(GroupId group, List<UserId> users, Role role, long nowMs) implements CommitOp<MembersAdded> {

  AddMembersOp {
    users = List.copyOf(users);
  }

  @Override
  public MembersAdded apply(Round round) throws RocksDBException {
    byte[] groupKey = Keys.group(group);
    byte[] stored = round.get(Family.GROUPS, groupKey);
    if (stored == null) return new MembersAdded.NoSuchGroup();
    GroupRecord record = GroupRecords.groupRecord(stored);

    List<UserId> fresh = new ArrayList<>();
    List<UserId> already = new ArrayList<>();
    for (UserId user : users) {
      if (round.get(Family.GROUP_MEMBERS, Keys.member(group, user)) == null) fresh.add(user);
      else already.add(user);
    }
    int count = record.getMemberCount();
    // In long: an unlimited group's limit is Integer.MAX_VALUE.
    if ((long) count + fresh.size() > record.getMemberLimit()) {
      return new MembersAdded.OverLimit(record.getMemberLimit(), count, fresh.size());
    }

    long joinedAtSeq = round.lastSeq(group);
    List<Membership> added = new ArrayList<>(fresh.size());
    for (UserId user : fresh) {
      Membership m = new Membership(group, user, role, nowMs, joinedAtSeq);
      byte[] value = GroupRecords.membership(m);
      round.put(Family.GROUP_MEMBERS, Keys.member(group, user), value);
      round.put(Family.USER_GROUPS, Keys.userGroup(user, group), value);
      if (role == Role.ADMIN) round.put(Family.GROUP_ADMINS, Keys.admin(group, user), Keys.EMPTY);
      added.add(m);
    }
    if (!fresh.isEmpty()) {
      round.put(Family.GROUPS, groupKey, record.toBuilder().setMemberCount(count + fresh.size()).build().toByteArray());
    }
    return new MembersAdded.Added(added, already);
  }
}
