package dev.parley.storage.rocks;

import com.google.protobuf.ByteString;
import dev.parley.storage.group.GroupAppend;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.GroupMessage;
import dev.parley.storage.group.GroupRevised;
import dev.parley.storage.group.GroupRevision;
import dev.parley.storage.group.Role;
import dev.parley.storage.rocks.disk.GroupMessageRecord;
import dev.parley.storage.rocks.disk.GroupRecord;
import dev.parley.storage.rocks.disk.SentRecord;
import org.rocksdb.RocksDBException;

/**
 * Appends an edit or a delete for everyone as its own entry and changes its target in the same
 * write: a delete empties the target's body, an edit marks it edited (its body stays as sent, since
 * only that can be verified or decrypted). Every device learns of the change from the new entry. Who may and until when is checked here, on
 * the commit thread that also orders membership changes and role changes. A retry (same sender
 * device and client_msg_id within the dedup window) is answered with the original ids and changes
 * nothing. The group is checked first: deleting one range-deletes its log, which {@link Round#get}
 * does not see.
 */
record RevisionAppendOp(GroupMessage message, GroupRevision revision, long dedupWindowMs)
    implements CommitOp<GroupRevised> {

  @Override
  public GroupRevised apply(Round round) throws RocksDBException {
    GroupId group = message.group();
    byte[] stored = round.get(Family.GROUPS, Keys.group(group));
    if (stored == null) return new GroupRevised.NotMember();

    byte[] sentKey = Keys.sent(message.senderDevice(), message.clientMsgId());
    byte[] prior = round.get(Family.SENT, sentKey);
    if (prior != null) {
      SentRecord sent = Records.sent(prior);
      if (sent.getGroupId() == group.value() && message.nowMs() - sent.getServerTimeMs() < dedupWindowMs) {
        return new GroupRevised.Stored(
            new GroupAppend.Stored(sent.getGroupSeq(), sent.getServerMsgId(), sent.getServerTimeMs(), true), null);
      }
    }

    byte[] member = round.get(Family.GROUP_MEMBERS, Keys.member(group, message.sender()));
    if (member == null) return new GroupRevised.NotMember();
    Role role = GroupRecords.membership(group, message.sender(), member).role();
    GroupRecord record = GroupRecords.groupRecord(stored);

    byte[] targetKey = Keys.groupLog(group, revision.targetSeq());
    byte[] targetBytes = round.get(Family.GROUP_LOG, targetKey);
    if (targetBytes == null) return new GroupRevised.NoSuchTarget();
    GroupMessageRecord target = GroupRecords.messageRecord(targetBytes);
    // A deleted entry is gone, an expired one unreadable; an edit or delete is not itself edited.
    if (target.getDeleted() || (target.getExpiresAtMs() != 0 && target.getExpiresAtMs() <= message.nowMs())
        || target.getEditsSeq() != 0 || target.getDeletesSeq() != 0) {
      return new GroupRevised.NoSuchTarget();
    }
    boolean own = target.getSenderUserId() == message.sender().value();

    GroupMessageRecord.Builder appended = GroupRecords.messageBuilder(message, 0);
    GroupMessageRecord.Builder changed = target.toBuilder();
    switch (revision) {
      case GroupRevision.Edit e -> {
        // An edit is new content: it follows the posting rules, and only the author edits.
        if (!own || (record.getOnlyAdminsPost() && !role.isAdmin())) return new GroupRevised.NotAllowed();
        if (message.nowMs() - target.getServerTimeMs() > e.windowMs()) {
          return new GroupRevised.WindowPassed(target.getServerTimeMs());
        }
        // The target keeps its own body and signature (a signed or sender-key-encrypted post can
        // only be checked or opened as it was sent); readers apply the edit entry that follows.
        changed.setEditedAtMs(message.nowMs()).setEditedByUserId(message.sender().value());
        appended.setEditsSeq(e.targetSeq());
      }
      case GroupRevision.Delete d -> {
        // Taking one's own words back is allowed even where only admins post.
        if (!own && !role.isAdmin()) return new GroupRevised.NotAllowed();
        changed.setBody(ByteString.EMPTY).setDeleted(true).setDeletedAtMs(message.nowMs())
            .setDeletedByUserId(message.sender().value());
        appended.setDeletesSeq(d.targetSeq());
      }
    }

    long serverMsgId = round.nextId(IdCounter.SERVER_MSG_ID);
    long seq = round.nextSeq(group);
    GroupMessageRecord after = changed.build();
    round.put(Family.GROUP_LOG, targetKey, after.toByteArray());
    round.put(Family.GROUP_LOG, Keys.groupLog(group, seq), appended.setServerMsgId(serverMsgId).build().toByteArray());
    if (message.expiresAtMs() != 0) {
      round.put(Family.GROUP_EXPIRY, Keys.groupExpiry(message.expiresAtMs(), group, seq), Keys.EMPTY);
    }
    round.put(Family.SENT, sentKey, Records.groupSent(serverMsgId, message.nowMs(), group.value(), seq));
    return new GroupRevised.Stored(
        new GroupAppend.Stored(seq, serverMsgId, message.nowMs(), false),
        GroupRecords.entry(group, revision.targetSeq(), after));
  }
}
