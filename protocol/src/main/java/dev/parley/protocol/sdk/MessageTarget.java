package dev.parley.protocol.sdk;

/**
 * The message an edit, delete or reaction is about. A 1:1 message is named by its sender's
 * {@code clientMsgId} ({@code groupId} and {@code seq} 0); a group post by its group and {@code
 * seq} in the group's log ({@code clientMsgId} empty).
 */
public record MessageTarget(long groupId, long seq, byte[] clientMsgId) {
  public MessageTarget {
    clientMsgId = clientMsgId.clone();
  }

  @Override
  public byte[] clientMsgId() {
    return clientMsgId.clone();
  }

  static MessageTarget direct(byte[] clientMsgId) {
    return new MessageTarget(0, 0, clientMsgId);
  }

  static MessageTarget group(long groupId, long seq) {
    return new MessageTarget(groupId, seq, new byte[0]);
  }
}
