package dev.parley.protocol.sdk;

/**
 * The author of {@code target} replaced its body with {@code body} at {@code editedAtMs} (server
 * time). For a group post the server checked that the editor is the author and the edit came within
 * 48 h ({@code checked} true). For a 1:1 message the server cannot look inside, so this SDK checks it
 * against the messages it received lately: an edit from someone other than the original's sender, or
 * later than 48 h after it, is never handed over; {@code checked} is true when the SDK saw the
 * original, false when it did not (received before a restart, or too long ago): the application then
 * applies the same two rules against its copy. The same edit
 * may come twice for a group post that this device read already edited (once as the post with
 * {@link GroupMessage#edited()}, once as this event): apply it idempotently.
 */
public record MessageEdit(
    MessageTarget target, long senderUserId, String senderUsername, String groupName, byte[] body, long editedAtMs,
    boolean checked) {
  public MessageEdit {
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }
}
