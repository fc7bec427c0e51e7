package dev.parley.storage.inbox;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;

/** A stored message as every recipient device sees it. The body is opaque to the server. */
public record Envelope(
    long serverMsgId,
    UserId sender,
    DeviceId senderDevice,
    String senderUsername,
    long serverTimeMs,
    ClientMsgId clientMsgId,
    byte[] body,
    long expiresAtMs) {

  /** True when the message has a time to live and it has passed at {@code nowMs}. */
  public boolean expiredAt(long nowMs) {
    return expiresAtMs != 0 && expiresAtMs <= nowMs;
  }
}
