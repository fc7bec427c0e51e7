package dev.parley.storage.group;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.inbox.ClientMsgId;

/**
 * A message to append to a group's log, stored once for all members. The store does not interpret
 * the body (today plaintext readable by the server; sender-key ciphertext once groups are end-to-end
 * encrypted). The sender is the authenticated session's, never the client's
 * claim. {@code expiresAtMs} is 0 for no expiry; the server derives it from the group's {@code
 * messageTtlSeconds} and the sender's own timer. {@code signature} is the poster's signature, kept
 * and handed to readers as is (empty where there is none; the server checks it before appending).
 */
public record GroupMessage(
    GroupId group,
    UserId sender,
    DeviceId senderDevice,
    String senderUsername,
    ClientMsgId clientMsgId,
    byte[] body,
    long nowMs,
    long expiresAtMs,
    byte[] signature) {

  public GroupMessage {
    body = body.clone();
    signature = signature.clone();
  }

  /** A post without a signature. */
  public GroupMessage(
      GroupId group, UserId sender, DeviceId senderDevice, String senderUsername, ClientMsgId clientMsgId,
      byte[] body, long nowMs, long expiresAtMs) {
    this(group, sender, senderDevice, senderUsername, clientMsgId, body, nowMs, expiresAtMs, new byte[0]);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
