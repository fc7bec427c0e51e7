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
   * A delivered or read receipt for messages this account sent, or a read receipt from another device
   * of this account. Receipts are stored on the server like messages: return true once handled (it is
   * then acknowledged), false to leave it, and every later delivery, for the next connection. Receipts
   * never reach {@link #onMessage}.
   */
  default boolean onReceipt(Receipt receipt) {
    return true;
  }

  /**
   * A followed user ({@link ParleyClient#followPresence}) came online, went offline, or their privacy
   * setting now hides or shows them to this user. Ephemeral: missed changes are never repeated.
   */
  default void onPresence(PresenceInfo presence) {}

  /** Someone started or stopped typing. Ephemeral: missed events are never repeated. */
  default void onTyping(TypingEvent event) {}

  /** The connection state changed. */
  default void onStateChanged(ConnectionState state) {}

  /** A listener that accepts and drops everything. */
  MessageListener NONE = message -> true;
}
