package dev.parley.storage.rocks;

import dev.parley.storage.group.GroupAppend;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.GroupMessage;
import dev.parley.storage.group.Role;
import dev.parley.storage.rocks.disk.GroupRecord;
import dev.parley.storage.rocks.disk.SentRecord;
import org.rocksdb.RocksDBException;

/**
 * Appends one message to its group's log, or recognises a retry of a stored one. Its writes are the
 * same however many members the group has: the log entry, its expiry entry, the sent record, and
 * (once per round) the group's seq and the server msg id counter.
 *
 * <p>Runs on the commit thread, which also runs every membership change, so "is the sender a member
 * allowed to post?" and the append cannot interleave with a removal or a role change. A retry is
 * recognised before the membership check: it was stored, so it is answered, even if the sender has
 * left since. The group is checked first, because deleting a group range-deletes its log, which
 * {@link Round#get} does not see.
 */
record GroupAppendOp(GroupMessage message, long dedupWindowMs) implements CommitOp<GroupAppend> {

  @Override
  public GroupAppend apply(Round round) throws RocksDBException {
    GroupId group = message.group();
    byte[] stored = round.get(Family.GROUPS, Keys.group(group));
    if (stored == null) return new GroupAppend.NotMember();

    byte[] sentKey = Keys.sent(message.senderDevice(), message.clientMsgId());
    byte[] prior = round.get(Family.SENT, sentKey);
    if (prior != null) {
      SentRecord sent = Records.sent(prior);
      // The window the sweeper uses; a record of a 1:1 message or of another group is not this post.
      if (sent.getGroupId() == group.value() && message.nowMs() - sent.getServerTimeMs() < dedupWindowMs) {
        return new GroupAppend.Stored(sent.getGroupSeq(), sent.getServerMsgId(), sent.getServerTimeMs(), true);
      }
    }

    byte[] member = round.get(Family.GROUP_MEMBERS, Keys.member(group, message.sender()));
    if (member == null) return new GroupAppend.NotMember();
    Role role = GroupRecords.membership(group, message.sender(), member).role();
    GroupRecord record = GroupRecords.groupRecord(stored);
    if (record.getOnlyAdminsPost() && !role.isAdmin()) return new GroupAppend.NotAllowed(role);

    long serverMsgId = round.nextId(IdCounter.SERVER_MSG_ID);
    long seq = round.nextSeq(group);
    round.put(Family.GROUP_LOG, Keys.groupLog(group, seq), GroupRecords.message(message, serverMsgId));
    if (message.expiresAtMs() != 0) {
      round.put(Family.GROUP_EXPIRY, Keys.groupExpiry(message.expiresAtMs(), group, seq), Keys.EMPTY);
    }
    round.put(Family.SENT, sentKey, Records.groupSent(serverMsgId, message.nowMs(), group.value(), seq));
    return new GroupAppend.Stored(seq, serverMsgId, message.nowMs(), false);
  }
}
