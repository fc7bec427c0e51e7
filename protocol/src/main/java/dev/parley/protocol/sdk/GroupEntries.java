package dev.parley.protocol.sdk;

import dev.parley.protocol.sdk.e2e.proto.Content;
import dev.parley.protocol.v1.ConversationKind;
import dev.parley.protocol.v1.GroupDeliver;
import dev.parley.protocol.v1.GroupEnvelope;

/**
 * What an opened entry of a group's log is: a post, an edit or delete for everyone of an earlier
 * post (only when the server marked it so, having checked it), or a reaction. One reading for live
 * delivery ({@link InboundContent#group}) and for older history ({@link HistoryReader}).
 */
final class GroupEntries {
  private GroupEntries() {}

  /**
   * The entry {@code c} opened from {@code d} is, or null when it is to be ignored (an edit without
   * its content, or content that only claims to be an edit or delete: nobody checked it). {@code
   * viewOnceBody}: whether a view-once post keeps its body (live) or comes empty (history).
   */
  static HistoryEntry read(GroupDeliver d, Content c, boolean viewOnceBody) {
    GroupEnvelope e = d.getEnvelope();
    long group = d.getGroupId();
    long seq = d.getSeq();
    String name = e.getGroupName();
    if (e.getEditsSeq() != 0) {
      if (!c.hasEdit()) return null;
      return new HistoryEntry.Edit(seq, new MessageEdit(
          MessageTarget.group(group, e.getEditsSeq()), e.getSenderUserId(), e.getSenderUsername(), name,
          c.getEdit().getBody().toByteArray(), e.getServerTimeMs(), true));
    }
    if (e.getDeletesSeq() != 0) {
      return new HistoryEntry.Delete(seq, new MessageDelete(
          MessageTarget.group(group, e.getDeletesSeq()), e.getSenderUserId(), e.getSenderUsername(), name,
          e.getServerTimeMs(), true));
    }
    if (c.hasReaction()) {
      var r = c.getReaction();
      return new HistoryEntry.Reaction(seq, new MessageReaction(
          MessageTarget.group(group, r.getTarget().getSeq()), e.getSenderUserId(), e.getSenderUsername(), name,
          r.getEmoji(), r.getRemove(), e.getServerTimeMs()));
    }
    if (c.hasEdit() || c.hasDelete()) return null;
    byte[] body = c.getViewOnce() && !viewOnceBody ? new byte[0] : c.getBody().toByteArray();
    // Edited later: the edit entry follows in the log.
    return new HistoryEntry.Post(new GroupMessage(
        group, name, e.getKind() == ConversationKind.CHANNEL, seq, e.getServerMsgId(), e.getSenderUserId(),
        e.getSenderDeviceId(), e.getSenderUsername(), e.getServerTimeMs(), body, e.getExpiresAtMs(),
        e.getClientMsgId().toByteArray(), e.getEditedAtMs() != 0, c.getViewOnce(), c.getExpireAfterReadSeconds()));
  }
}
