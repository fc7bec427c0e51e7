package dev.parley.protocol.sdk;

/**
 * The author of {@code target} replaced its body with {@code body} at {@code editedAtMs} (server
 * time). Handed over only when checked: for a 1:1 message, this SDK saw the original from the same
 * sender less than 48 h before the edit; for a group post, the server checked both. The same edit
 * may come twice for a group post that this device read already edited (once as the post with
 * {@link GroupMessage#edited()}, once as this event): apply it idempotently.
 */
public record MessageEdit(
    MessageTarget target, long senderUserId, String senderUsername, String groupName, byte[] body, long editedAtMs) {
  public MessageEdit {
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }
}
