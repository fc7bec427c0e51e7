package dev.parley.protocol.sdk;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.parley.protocol.sdk.e2e.proto.Content;
import dev.parley.protocol.v1.Envelope;
import dev.parley.protocol.v1.GroupDeliver;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a received {@link Content} is for the application: a message, or an edit, delete or
 * reaction about an earlier one, and checks edits and deletes before they are handed over. For 1:1
 * messages the server cannot look inside, so the checks are here, against the messages this device
 * received lately ({@link RecentMessages}): only the original's sender edits or deletes, and edits
 * come within {@link #EDIT_WINDOW} of the original (both by server time). Where the original is not
 * known the event is handed over unchecked, for the application to check against its copy. For
 * group posts the server checked and marked the entries (edits_seq, deletes_seq); an edit or delete
 * posted without that mark is ignored. Confined to the client's event loop. Listener exceptions
 * propagate to the caller, which closes the connection so the event comes again.
 */
final class InboundContent {
  private static final Logger log = LoggerFactory.getLogger(InboundContent.class);
  static final Duration EDIT_WINDOW = Duration.ofHours(48);

  private final Supplier<MessageListener> listener;
  private final Supplier<AccountInfo> me;
  private final ViewOnceTimers viewOnce;
  private final ConversationTimers timers;
  private final RecentMessages recent = new RecentMessages();

  /** Where a received conversation timer is kept. */
  interface ConversationTimers {
    void set(long peerUserId, String peerUsername, long seconds);
  }

  InboundContent(
      Supplier<MessageListener> listener, Supplier<AccountInfo> me, ViewOnceTimers viewOnce, ConversationTimers timers) {
    this.timers = timers;
    this.listener = listener;
    this.me = me;
    this.viewOnce = viewOnce;
  }

  /** A decrypted 1:1 message at inbox {@code seq}; the listener's verdict (true: acknowledge). */
  boolean direct(long seq, Envelope e, Content c) {
    long sender = e.getSenderUserId();
    if (c.hasTimer()) {
      AccountInfo account = me.get();
      boolean mine = account != null && sender == account.userId();
      // A copy from this user's other device names the conversation by its recipient.
      long peer = mine ? e.getRecipientUserId() : sender;
      timers.set(peer, mine ? "" : e.getSenderUsername(), c.getTimer().getSeconds());
      return listener.get().onConversationTimer(new ConversationTimerChange(
          peer, sender, e.getSenderUsername(), java.time.Duration.ofSeconds(c.getTimer().getSeconds()), e.getServerTimeMs()));
    }
    if (c.hasEdit()) {
      byte[] target = c.getEdit().getTarget().getClientMsgId().toByteArray();
      Optional<RecentMessages.Seen> original = recent.find(target);
      if (original.isPresent() && (original.get().senderUserId() != sender
          || e.getServerTimeMs() - original.get().serverTimeMs() > EDIT_WINDOW.toMillis())) {
        log.debug("edit at seq {} from user {} not applied: another sender's message or too late", seq, sender);
        return true;
      }
      return listener.get().onEdit(new MessageEdit(
          MessageTarget.direct(target), sender, e.getSenderUsername(), "", c.getEdit().getBody().toByteArray(),
          e.getServerTimeMs(), original.isPresent()));
    }
    if (c.hasDelete()) {
      byte[] target = c.getDelete().getTarget().getClientMsgId().toByteArray();
      Optional<RecentMessages.Seen> original = recent.find(target);
      if (original.isPresent() && original.get().senderUserId() != sender) {
        log.debug("delete at seq {} from user {} of another sender's message ignored", seq, sender);
        return true;
      }
      recent.forget(target);
      return listener.get().onDelete(new MessageDelete(
          MessageTarget.direct(target), sender, e.getSenderUsername(), "", e.getServerTimeMs(), original.isPresent()));
    }
    if (c.hasReaction()) {
      var r = c.getReaction();
      return listener.get().onReaction(new MessageReaction(
          MessageTarget.direct(r.getTarget().getClientMsgId().toByteArray()), sender, e.getSenderUsername(), "",
          r.getEmoji(), r.getRemove(), e.getServerTimeMs()));
    }
    byte[] clientMsgId = e.getClientMsgId().toByteArray();
    recent.remember(clientMsgId, sender, e.getServerTimeMs());
    AccountInfo account = me.get();
    InboundMessage m = new InboundMessage(
        seq, e.getServerMsgId(), sender, e.getSenderDeviceId(), e.getSenderUsername(), e.getRecipientUserId(),
        e.getServerTimeMs(), clientMsgId, c.getBody().toByteArray(), e.getExpiresAtMs(),
        account != null && sender == account.userId(), c.getViewOnce(), c.getExpireAfterReadSeconds());
    boolean accepted = listener.get().onMessage(m);
    if (accepted && c.getViewOnce()) viewOnce.handedOver(clientMsgId, c.getExpireAfterReadSeconds());
    return accepted;
  }

  /** A group post, opened ({@link GroupPostOpener}); the listener's verdict (true: acknowledge). */
  boolean group(GroupDeliver d, Content c) {
    // Deleted for everyone before this device read it: there is nothing to show or take back.
    if (d.getEnvelope().getDeleted()) return true;
    return switch (GroupEntries.read(d, c, true)) {
      case null -> true;
      case HistoryEntry.Edit edit -> listener.get().onEdit(edit.edit());
      case HistoryEntry.Delete delete -> listener.get().onDelete(delete.delete());
      case HistoryEntry.Reaction reaction -> listener.get().onReaction(reaction.reaction());
      case HistoryEntry.Post post -> {
        GroupMessage m = post.message();
        boolean accepted = listener.get().onGroupMessage(m);
        if (accepted && m.viewOnce()) viewOnce.handedOver(m.clientMsgId(), m.expireAfterReadSeconds());
        yield accepted;
      }
      case HistoryEntry.Unreadable unreadable -> true; // never read from opened content
    };
  }
}
