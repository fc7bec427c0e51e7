package dev.parley.protocol.sdk;

/**
 * Receives what the server pushes. Called on the client's I/O thread, in inbox order; return quickly
 * and hand heavy work elsewhere.
 *
 * <p>Return true once the message is handled: the SDK then advances the delivery cursor and
 * acknowledges it, and the server deletes it. Return false to leave this message, and every later
 * one, on the server: nothing more is handed over on this connection and they arrive again on the
 * next. A listener that throws is treated like one that returned false, and the client reconnects.
 */
public interface MessageListener {
  boolean onMessage(InboundMessage message);

  /**
   * A message that can never be decrypted (a corrupted or forged ciphertext, or one for a session
   * this device lost). It is acknowledged and will not come again.
   */
  default void onUndecryptable(long seq, long senderUserId, long senderDeviceId, String reason) {}

  /** A peer's (or this account's) devices changed since this device last saw them. */
  default void onIdentityWarning(IdentityWarning warning) {}

  /**
   * A post in a group or channel this user belongs to. Return true once handled (it is then
   * acknowledged); false to leave it, and every later post of any group, for the next connection.
   */
  default boolean onGroupMessage(GroupMessage message) {
    return true;
  }

  /**
   * This device was too far behind in a group: the server sent only its newest posts, and the
   * posts in the gap will not be delivered. Called before the first post after the gap. The
   * application can read them on demand with {@link ParleyClient#history(long, long, int)}.
   */
  default void onSyncGap(SyncGap gap) {}

  /**
   * A group post that can never be read: forged, tampered with or replayed, a signature that does
   * not verify, or a sender key that did not arrive within the client's hold time
   * ({@link ParleyClient.Builder#groupKeyWait}). It is acknowledged and will not come again. By
   * default reported as {@link #onUndecryptable} with the post's group seq.
   */
  default void onGroupUndecryptable(long groupId, long seq, long senderUserId, long senderDeviceId, String reason) {
    onUndecryptable(seq, senderUserId, senderDeviceId, reason);
  }

  /**
   * A group post arrived before the key to read it (its sender key, sent through the pairwise
   * session, or its signer's identity key). It and the group's later posts wait, neither shown nor
   * acknowledged, until the key arrives ({@link #onGroupMessage} then follows) or the hold time runs
   * out ({@link #onGroupUndecryptable}). An app may show "waiting for this message".
   */
  default void onGroupPostWaiting(long groupId, long seq, long senderUserId, long senderDeviceId) {}

  /**
   * A message or post was edited by its author. It arrives in the conversation's order, like a
   * message: return true once handled (it is acknowledged), false to leave it and everything after
   * it for the next connection. A callback that throws closes the connection, and it comes again.
   */
  default boolean onEdit(MessageEdit edit) {
    return true;
  }

  /** A message or post was deleted for everyone: the application forgets it. Returns as {@link #onEdit}. */
  default boolean onDelete(MessageDelete delete) {
    return true;
  }

  /** Someone reacted to a message or post, or took a reaction back. Returns as {@link #onEdit}. */
  default boolean onReaction(MessageReaction reaction) {
    return true;
  }

  /**
   * A delivered or read receipt for messages this account sent, or a read receipt from another device
   * of this account. Receipts are stored on the server like messages: return true once handled (it is
   * then acknowledged), false to leave it, and every later delivery, for the next connection. Receipts
   * never reach {@link #onMessage}.
   */
  default boolean onReceipt(Receipt receipt) {
    return true;
  }

  /**
   * The timer of a view-once message (started by {@link ParleyClient#markViewed}) ran out: the
   * application forgets the message with this client message id.
   */
  default void onViewOnceExpired(byte[] clientMsgId) {}

  /** A group or channel this user belonged to was deleted by its owner; nothing more comes from it. */
  default void onGroupDeleted(long groupId, String name) {}

  /**
   * A group or channel this user belongs to was renamed, its settings or someone's role changed, its
   * owner changed, or members were added, removed or left (this user too: the last update of a group
   * one leaves or is removed from is that). Also for changes made from this device. Pushed only to
   * live connections and never repeated, so it needs no acknowledgement; after being offline, read
   * the current state with {@link ParleyClient#groups()}. In a channel, subscribers are told only of
   * renames and settings changes and of changes that concern themselves; the owner and admins of
   * every change. By default does nothing.
   */
  default void onGroupUpdated(GroupUpdate update) {}

  /**
   * A followed user ({@link ParleyClient#followPresence}) came online, went offline, or their privacy
   * setting now hides or shows them to this user. Ephemeral: missed changes are never repeated.
   */
  default void onPresence(PresenceInfo presence) {}

  /**
   * A participant set the disappearing-message timer of a 1:1 conversation (this user too, from
   * another device). The SDK applies it to later {@link ParleyClient#send(String, byte[])} calls.
   * Returns as {@link #onEdit}.
   */
  default boolean onConversationTimer(ConversationTimerChange change) {
    return true;
  }

  /**
   * A notice from the server's operator (maintenance, policy), with the server's time of sending.
   * Pushed only to live sessions and never stored: a device offline at the time does not get it.
   */
  default void onServerNotice(String text, long sentAtMs) {}

  /** Someone started or stopped typing. Ephemeral: missed events are never repeated. */
  default void onTyping(TypingEvent event) {}

  /** The connection state changed. */
  default void onStateChanged(ConnectionState state) {}

  /** A listener that accepts and drops everything. */
  MessageListener NONE = message -> true;
}
