package dev.parley.protocol.sdk;

/**
 * One entry of a group's older history ({@link ParleyClient#history}), by its seq in the group's
 * log. A pull API returns values: none of these reaches the {@link MessageListener}, moves a cursor
 * or is acknowledged. Posts deleted for everyone (their body is gone) and expired posts are left
 * out.
 */
public sealed interface HistoryEntry {
  /** The entry's seq in the group's log. */
  long seq();

  /**
   * A post, as {@link MessageListener#onGroupMessage} would have got it: {@code edited} when a later
   * edit changed it. A view-once post comes with an empty body: history does not show it again.
   */
  record Post(GroupMessage message) implements HistoryEntry {
    @Override
    public long seq() {
      return message.seq();
    }
  }

  /** An edit (posted at {@code seq}) of the post its target names. */
  record Edit(long seq, MessageEdit edit) implements HistoryEntry {}

  /** A delete for everyone (posted at {@code seq}) of the post its target names. */
  record Delete(long seq, MessageDelete delete) implements HistoryEntry {}

  /** A reaction (posted at {@code seq}), or one taken back. */
  record Reaction(long seq, MessageReaction reaction) implements HistoryEntry {}

  /**
   * A post this device cannot read: in an end-to-end group, one whose sender-key message key this
   * device does not hold (it never got the sender's key, or it already read the post and forward
   * secrecy deleted the key); a signed post whose signature does not verify or whose signer's
   * identity key the server does not list; or a malformed one.
   */
  record Unreadable(long seq, long senderUserId, long senderDeviceId, String reason) implements HistoryEntry {}
}
