package dev.parley.storage.inbox;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;

/**
 * A stored message as one device sees it: its own copy of the body, opaque to the server.
 * {@code recipient} is the user the message was sent to (the conversation), which differs from the
 * inbox owner for copies to the sender's other devices.
 */
public record Envelope(
    long serverMsgId,
    UserId sender,
    DeviceId senderDevice,
    String senderUsername,
    UserId recipient,
    long serverTimeMs,
    ClientMsgId clientMsgId,
    byte[] body,
    long expiresAtMs) {

  /** True when the message has a time to live and it has passed at {@code nowMs}. */
  public boolean expiredAt(long nowMs) {
    return expiresAtMs != 0 && expiresAtMs <= nowMs;
  }
}
