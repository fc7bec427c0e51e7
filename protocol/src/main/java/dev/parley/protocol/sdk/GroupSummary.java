package dev.parley.protocol.sdk;

/**
 * A group or channel as its member sees it. {@code role} is this user's: OWNER, ADMIN or MEMBER.
 * {@code onlyAdminsPost} is always true for a channel.
 */
public record GroupSummary(
    long groupId, String name, boolean channel, String role, int memberCount, long lastSeq, long messageTtlSeconds,
    boolean onlyAdminsPost) {

  static GroupSummary of(dev.parley.protocol.v1.GroupInfo g) {
    return new GroupSummary(
        g.getGroupId(), g.getName(), g.getKind() == dev.parley.protocol.v1.ConversationKind.CHANNEL,
        g.getRole().name(), g.getMemberCount(), g.getLastSeq(), g.getMessageTtlSeconds(),
        g.getOnlyAdminsPost());
  }
}
