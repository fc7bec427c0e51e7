package dev.parley.server.group;

import dev.parley.protocol.v1.GroupChange;
import dev.parley.protocol.v1.GroupUpdated;
import dev.parley.protocol.v1.Member;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.server.account.AuthenticatedDevice;
import dev.parley.server.router.DeviceSession;
import dev.parley.server.router.SessionRouter;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupKind;
import dev.parley.storage.group.GroupStore;
import dev.parley.storage.group.Role;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the live devices of a group's members that the group changed ({@code GroupUpdated}), once the
 * change is durable. Nothing is stored: a device offline at the time sees the current state when it
 * lists its groups or the members.
 *
 * <p>Who is told: in a group, every live member device (the one that made the change too) and the
 * devices of the members concerned, so that a removed member, or one who left, hears of that and of
 * nothing after it. In a channel, renames and settings changes reach every live subscriber the same
 * way; membership, role and ownership changes reach only the owner's and the admins' devices (the
 * admins read from the admin index) and those of the members concerned, so a join costs a few
 * pushes however many subscribers are online.
 *
 * <p>Non-blocking and thread-safe: the frame is built once and each session writes it on its own loop.
 */
final class GroupNotices {
  /** Most members named in one notice; the rest are only counted ({@code more_members}). */
  static final int MAX_LISTED = 100;
  /** Most admins of a channel told of a membership change. */
  private static final int MAX_TOLD_ADMINS = 1_000;
  private static final Logger log = LoggerFactory.getLogger(GroupNotices.class);

  /** A member a change is about, with its role after the change; null once it is no member. */
  record Concerned(UserId user, String username, Role role) {}

  private final GroupStore groups;
  private final SessionRouter router;

  GroupNotices(GroupStore groups, SessionRouter router) {
    this.groups = groups;
    this.router = router;
  }

  void renamed(Group group, String previousName, AuthenticatedDevice by) {
    tell(group, GroupChange.RENAMED, by, List.of(), previousName);
  }

  void settingsChanged(Group group, AuthenticatedDevice by) {
    tell(group, GroupChange.SETTINGS_CHANGED, by, List.of(), "");
  }

  void roleChanged(Group group, Concerned member, AuthenticatedDevice by) {
    tell(group, GroupChange.ROLE_CHANGED, by, List.of(member), "");
  }

  /** {@code members}: the new owner, then the previous one if it is still a member. */
  void ownerChanged(Group group, List<Concerned> members, AuthenticatedDevice by) {
    tell(group, GroupChange.OWNER_CHANGED, by, members, "");
  }

  void membersAdded(Group group, List<Concerned> added, AuthenticatedDevice by) {
    if (!added.isEmpty()) tell(group, GroupChange.MEMBERS_ADDED, by, added, "");
  }

  void memberRemoved(Group group, Concerned removed, AuthenticatedDevice by) {
    tell(group, GroupChange.MEMBER_REMOVED, by, List.of(removed), "");
  }

  void memberLeft(Group group, AuthenticatedDevice leaver) {
    tell(group, GroupChange.MEMBER_LEFT, leaver, List.of(new Concerned(leaver.user(), leaver.username().value(), null)), "");
  }

  /**
   * The operator deleted the owner's account and {@code owner} succeeded it: OWNER_CHANGED, then
   * MEMBER_REMOVED for the former owner. No user made the change, so {@code by_user_id} is 0.
   */
  void ownerDeleted(Group group, Concerned owner, Concerned former) {
    tell(group, GroupChange.OWNER_CHANGED, null, List.of(owner), "");
    tell(group, GroupChange.MEMBER_REMOVED, null, List.of(former), "");
  }

  /** {@code by}: the device whose user made the change; null for the operator. */
  private void tell(Group group, GroupChange change, AuthenticatedDevice by, List<Concerned> concerned, String previousName) {
    GroupUpdated.Builder notice = GroupUpdated.newBuilder()
        .setGroupId(group.id().value())
        .setName(group.name().value())
        .setKind(GroupFrames.kind(group.kind()))
        .setChange(change)
        .setByUserId(by == null ? 0 : by.user().value())
        .setByUsername(by == null ? "" : by.username().value())
        .setMoreMembers(Math.max(0, concerned.size() - MAX_LISTED))
        .setPreviousName(previousName)
        .setOnlyAdminsPost(group.settings().onlyAdminsPost())
        .setMessageTtlSeconds(group.settings().messageTtlSeconds());
    for (Concerned c : concerned.subList(0, Math.min(MAX_LISTED, concerned.size()))) notice.addMembers(member(c));
    ServerFrame frame = ServerFrame.newBuilder().setGroupUpdated(notice).build();

    Set<DeviceSession> to = new HashSet<>();
    for (Concerned c : concerned) to.addAll(router.sessionsOf(c.user()));
    boolean everyone = group.kind() == GroupKind.GROUP || change == GroupChange.RENAMED
        || change == GroupChange.SETTINGS_CHANGED;
    if (everyone) {
      to.addAll(router.groupSessions(group.id()));
      push(to, frame);
      return;
    }
    to.addAll(router.sessionsOf(group.owner()));
    groups.admins(group.id(), MAX_TOLD_ADMINS).whenComplete((admins, err) -> {
      if (err != null) log.debug("admins of group {} unread; only the owner and the members concerned are told", group.id(), err);
      else admins.forEach(a -> to.addAll(router.sessionsOf(a)));
      push(to, frame);
    });
  }

  private static void push(Set<DeviceSession> sessions, ServerFrame frame) {
    for (DeviceSession s : sessions) {
      try {
        s.pushEvent(frame);
      } catch (RejectedExecutionException closing) {
        log.debug("session of device {} is closing; it sees the group as it is on its next login", s.device());
      }
    }
  }

  private static Member member(Concerned c) {
    Member.Builder m = Member.newBuilder().setUserId(c.user().value()).setUsername(c.username());
    if (c.role() != null) m.setRole(GroupFrames.role(c.role()));
    return m.build();
  }
}
