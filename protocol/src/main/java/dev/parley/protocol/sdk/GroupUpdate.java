package dev.parley.protocol.sdk;

import java.time.Duration;
import java.util.List;

/**
 * A group or channel this user belongs to changed (or this user left it, or was removed from it).
 * Pushed only to live connections and never repeated: a device that was offline sees the current
 * state in {@link ParleyClient#groups()} and {@link ParleyClient#groupMembers}.
 *
 * @param groupId the group
 * @param name its name after the change
 * @param channel true for a channel
 * @param change what changed
 * @param byUserId who changed it (the one who joined or left, for those); 0 when the server's operator
 *     did, by deleting the owner's account
 * @param byUsername their username; empty when the operator did
 * @param members the members concerned, with their role after the change ("OWNER", "ADMIN",
 *     "MEMBER", or "" for one who is no longer a member): whose role changed; for {@link
 *     Change#OWNER_CHANGED} the new owner, then the previous one if still a member; who was added,
 *     removed or left. At most 100 are listed
 * @param moreMembers how many more members the change concerned than are listed
 * @param previousName the name before a {@link Change#RENAMED}, else empty
 * @param onlyAdminsPost the group's setting after the change (always true for a channel)
 * @param messageTtl the group's message timer after the change; zero means off
 */
public record GroupUpdate(
    long groupId, String name, boolean channel, Change change, long byUserId, String byUsername,
    List<GroupMember> members, int moreMembers, String previousName, boolean onlyAdminsPost, Duration messageTtl) {

  /** What changed. */
  public enum Change {
    RENAMED,
    /** Who may post, or the message timer. */
    SETTINGS_CHANGED,
    /** A member became an admin, or an admin a member. */
    ROLE_CHANGED,
    /**
     * The owner handed the group over, or left and an admin took it over, or its account was deleted
     * and an admin (else a member) took it over.
     */
    OWNER_CHANGED,
    /** Members were added, or someone joined. */
    MEMBERS_ADDED,
    MEMBER_REMOVED,
    MEMBER_LEFT,
    /** A change this SDK does not know yet (a newer server). */
    OTHER
  }

  public GroupUpdate {
    members = List.copyOf(members);
  }

  static GroupUpdate of(dev.parley.protocol.v1.GroupUpdated u) {
    Change change = switch (u.getChange()) {
      case RENAMED -> Change.RENAMED;
      case SETTINGS_CHANGED -> Change.SETTINGS_CHANGED;
      case ROLE_CHANGED -> Change.ROLE_CHANGED;
      case OWNER_CHANGED -> Change.OWNER_CHANGED;
      case MEMBERS_ADDED -> Change.MEMBERS_ADDED;
      case MEMBER_REMOVED -> Change.MEMBER_REMOVED;
      case MEMBER_LEFT -> Change.MEMBER_LEFT;
      case GROUP_CHANGE_UNSPECIFIED, UNRECOGNIZED -> Change.OTHER;
    };
    List<GroupMember> members = u.getMembersList().stream()
        .map(m -> new GroupMember(m.getUserId(), m.getUsername(),
            m.getRole() == dev.parley.protocol.v1.Role.ROLE_UNSPECIFIED ? "" : m.getRole().name()))
        .toList();
    return new GroupUpdate(
        u.getGroupId(), u.getName(), u.getKind() == dev.parley.protocol.v1.ConversationKind.CHANNEL, change,
        u.getByUserId(), u.getByUsername(), members, u.getMoreMembers(), u.getPreviousName(), u.getOnlyAdminsPost(),
        Duration.ofSeconds(u.getMessageTtlSeconds()));
  }
}
