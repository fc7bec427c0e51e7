package dev.parley.protocol.sdk;

/**
 * A group or channel as its member sees it. {@code role} is this user's: OWNER, ADMIN or MEMBER.
 * {@code endToEnd}: posts are encrypted with sender keys, unreadable by the server (fixed at creation).
 * {@code onlyAdminsPost} is always true for a channel.
 */
public record GroupSummary(
    long groupId, String name, boolean channel, String role, int memberCount, long lastSeq, long messageTtlSeconds,
    boolean endToEnd, boolean onlyAdminsPost) {

  static GroupSummary of(dev.parley.protocol.v1.GroupInfo g) {
    return new GroupSummary(
        g.getGroupId(), g.getName(), g.getKind() == dev.parley.protocol.v1.ConversationKind.CHANNEL,
        g.getRole().name(), g.getMemberCount(), g.getLastSeq(), g.getMessageTtlSeconds(),
        g.getEndToEnd(), g.getOnlyAdminsPost());
  }
}
