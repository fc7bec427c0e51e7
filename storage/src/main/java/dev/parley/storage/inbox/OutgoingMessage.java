package dev.parley.storage.inbox;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A message to store: one copy per device (each encrypted for its device by the sender), for the
 * recipient's devices and the sender's other devices. {@code recipient} names the conversation, so
 * the sender's other devices know whom it was sent to. The sender is the authenticated session's,
 * never the client's claim. {@code expiresAtMs} is 0 for no expiry.
 */
public record OutgoingMessage(
    UserId sender,
    DeviceId senderDevice,
    String senderUsername,
    UserId recipient,
    ClientMsgId clientMsgId,
    List<DeviceCopy> copies,
    long nowMs,
    long expiresAtMs) {

  public OutgoingMessage {
    copies = List.copyOf(copies);
    if (copies.isEmpty()) throw new IllegalArgumentException("no recipient devices");
    Set<DeviceId> seen = new HashSet<>();
    for (DeviceCopy c : copies) {
      if (!seen.add(c.device())) throw new IllegalArgumentException("two copies for device " + c.device());
    }
  }
}
