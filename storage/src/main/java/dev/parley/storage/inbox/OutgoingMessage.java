package dev.parley.storage.inbox;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import java.util.List;

/**
 * A message to store in every recipient device's inbox. The sender is the authenticated session's,
 * never the client's claim. {@code expiresAtMs} is 0 for no expiry.
 */
public record OutgoingMessage(
    UserId sender,
    DeviceId senderDevice,
    String senderUsername,
    ClientMsgId clientMsgId,
    List<DeviceId> recipients,
    byte[] body,
    long nowMs,
    long expiresAtMs) {

  public OutgoingMessage {
    recipients = List.copyOf(recipients);
    if (recipients.isEmpty()) throw new IllegalArgumentException("no recipient devices");
  }
}
