package dev.parley.server.cli.client;

import dev.parley.protocol.sdk.ConnectionState;
import dev.parley.protocol.sdk.IdentityWarning;
import dev.parley.protocol.sdk.InboundMessage;
import dev.parley.protocol.sdk.MessageListener;
import java.io.PrintStream;

/** Wraps a command's listener so that security warnings reach the user on stderr, never stdout. */
record WarningsToStderr(MessageListener inner, PrintStream err) implements MessageListener {
  @Override
  public boolean onMessage(InboundMessage message) {
    return inner.onMessage(message);
  }

  @Override
  public boolean onGroupMessage(dev.parley.protocol.sdk.GroupMessage message) {
    return inner.onGroupMessage(message);
  }

  @Override
  public boolean onEdit(dev.parley.protocol.sdk.MessageEdit edit) {
    return inner.onEdit(edit);
  }

  @Override
  public boolean onDelete(dev.parley.protocol.sdk.MessageDelete delete) {
    return inner.onDelete(delete);
  }

  @Override
  public boolean onReaction(dev.parley.protocol.sdk.MessageReaction reaction) {
    return inner.onReaction(reaction);
  }

  @Override
  public void onViewOnceExpired(byte[] clientMsgId) {
    inner.onViewOnceExpired(clientMsgId);
  }

  @Override
  public void onGroupDeleted(long groupId, String name) {
    inner.onGroupDeleted(groupId, name);
  }

  @Override
  public void onGroupUpdated(dev.parley.protocol.sdk.GroupUpdate update) {
    inner.onGroupUpdated(update);
  }

  @Override
  public void onServerNotice(String text, long sentAtMs) {
    inner.onServerNotice(text, sentAtMs);
  }

  @Override
  public boolean onConversationTimer(dev.parley.protocol.sdk.ConversationTimerChange change) {
    return inner.onConversationTimer(change);
  }

  @Override
  public boolean onReceipt(dev.parley.protocol.sdk.Receipt receipt) {
    return inner.onReceipt(receipt);
  }

  @Override
  public void onPresence(dev.parley.protocol.sdk.PresenceInfo presence) {
    inner.onPresence(presence);
  }

  @Override
  public void onStateChanged(ConnectionState state) {
    inner.onStateChanged(state);
  }

  @Override
  public void onIdentityWarning(IdentityWarning w) {
    String what = switch (w.kind()) {
      case NEW_DEVICE -> "has a new device " + w.deviceId();
      case KEY_CHANGED -> "device " + w.deviceId() + " presents a DIFFERENT identity key";
    };
    err.println("parley: warning: " + w.username() + " " + what
        + "; compare safety numbers with 'parley client verify " + w.username() + "'");
    inner.onIdentityWarning(w);
  }

  @Override
  public void onUndecryptable(long seq, long senderUserId, long senderDeviceId, String reason) {
    err.println("parley: warning: a message from user " + senderUserId + " device " + senderDeviceId
        + " could not be decrypted (" + reason + ")");
    inner.onUndecryptable(seq, senderUserId, senderDeviceId, reason);
  }
}
