package dev.parley.protocol.sdk;

/**
 * A post in a group or channel, delivered to this device in the group's log order ({@code seq});
 * the SDK hands each (group, seq) to the application at most once. {@code edited} is true when the
 * author edited it before this device read it ({@code body} is then the latest). {@code viewOnce} as
 * for {@link InboundMessage}.
 */
public record GroupMessage(
    long groupId,
    String groupName,
    boolean channel,
    long seq,
    long serverMsgId,
    long senderUserId,
    long senderDeviceId,
    String senderUsername,
    long sentAtMs,
    byte[] body,
    long expiresAtMs,
    byte[] clientMsgId,
    boolean edited,
    boolean viewOnce,
    long expireAfterReadSeconds) {}
