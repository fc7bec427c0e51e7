package dev.parley.server.group;

import dev.parley.protocol.v1.DeleteGroup;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.GroupDeleted;
import dev.parley.protocol.v1.RenameGroup;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.protocol.v1.UpdateGroupSettings;
import dev.parley.server.account.AuthenticatedDevice;
import dev.parley.server.refusal.Answer;
import dev.parley.server.router.DeviceSession;
import dev.parley.server.router.SessionRouter;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupKind;
import dev.parley.storage.group.GroupName;
import dev.parley.storage.group.GroupSettings;
import dev.parley.storage.group.GroupStore;
import dev.parley.storage.group.GroupUpdate;
import dev.parley.storage.group.Role;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A group's administration: the owner and admins rename it and change its settings (who posts, the
 * message timer); the owner deletes it. The asker's role is read just before the write, as for
 * adding and removing members. Live members are told of a rename or a settings change ({@link
 * GroupNotices}); deleting detaches every live member device and tells it. Non-blocking.
 */
public final class GroupAdmin {
  private final GroupStore groups;
  private final SessionRouter router;
  private final GroupService service;
  private final Duration maxTtl;

  GroupAdmin(GroupStore groups, SessionRouter router, GroupService service, Duration maxTtl) {
    this.groups = groups;
    this.router = router;
    this.service = service;
    this.maxTtl = maxTtl;
  }

  /** Renames a group or channel; the new name follows the rules of creation and must be free. */
  public CompletableFuture<Answer<ServerFrame.Builder>> rename(AuthenticatedDevice me, RenameGroup req) {
    Optional<GroupName> name = GroupName.parse(req.getName());
    if (name.isEmpty() || name.get().value().chars().allMatch(Character::isDigit)) {
      return GroupService.refused(ErrorCode.INVALID_ARGUMENT, "group names are 3-64 characters of a-z 0-9 _ . -, not only digits");
    }
    return service.withRole(me, req.getGroup(), true, (group, myRole) ->
        groups.rename(group.id(), name.get()).thenCompose(r -> switch (r) {
          case GroupUpdate.Updated u -> {
            if (!u.group().name().equals(group.name())) service.notices().renamed(u.group(), group.name().value(), me);
            yield service.info(u.group(), me.user());
          }
          case GroupUpdate.NameTaken t -> GroupService.refused(ErrorCode.GROUP_NAME_TAKEN, "the name " + t.name() + " is taken");
          case GroupUpdate.NoSuchGroup n -> GroupService.refused(ErrorCode.GROUP_NOT_FOUND, "no such group");
        }));
  }

  /** Changes who may post and the group's message timer; an absent field stays as it is. */
  public CompletableFuture<Answer<ServerFrame.Builder>> updateSettings(AuthenticatedDevice me, UpdateGroupSettings req) {
    if (req.hasMessageTtlSeconds() && (req.getMessageTtlSeconds() < 0 || req.getMessageTtlSeconds() > maxTtl.toSeconds())) {
      return GroupService.refused(ErrorCode.INVALID_ARGUMENT, "message_ttl_seconds over the limit of " + maxTtl.toSeconds());
    }
    return service.withRole(me, req.getGroup(), true, (group, myRole) -> {
      GroupSettings now = group.settings();
      boolean onlyAdminsPost = req.hasOnlyAdminsPost() ? req.getOnlyAdminsPost() : now.onlyAdminsPost();
      if (group.kind() == GroupKind.CHANNEL && !onlyAdminsPost) {
        return GroupService.refused(ErrorCode.INVALID_ARGUMENT, "only admins post in a channel");
      }
      long ttl = req.hasMessageTtlSeconds() ? req.getMessageTtlSeconds() : now.messageTtlSeconds();
      GroupSettings next = new GroupSettings(onlyAdminsPost, now.onlyAdminsEdit(), now.memberLimit(), ttl);
      return groups.updateSettings(group.id(), next).thenCompose(r -> switch (r) {
        case GroupUpdate.Updated u -> {
          if (!u.group().settings().equals(now)) service.notices().settingsChanged(u.group(), me);
          yield service.info(u.group(), me.user());
        }
        case GroupUpdate.NameTaken t -> GroupService.refused(ErrorCode.INTERNAL, "settings cannot take a name");
        case GroupUpdate.NoSuchGroup n -> GroupService.refused(ErrorCode.GROUP_NOT_FOUND, "no such group");
      });
    });
  }

  /**
   * Deletes a group with its log, members and cursors (owner only). Live member devices stop
   * receiving it and get a {@code GroupDeleted} push; the asker gets the same as its answer.
   */
  public CompletableFuture<Answer<ServerFrame.Builder>> delete(AuthenticatedDevice me, DeleteGroup req) {
    return service.withRole(me, req.getGroup(), false, (group, myRole) -> {
      if (myRole != Role.OWNER) return GroupService.refused(ErrorCode.NOT_ALLOWED, "only the owner deletes a group");
      return groups.delete(group.id()).thenApply(deleted -> Answer.ok(ServerFrame.newBuilder().setGroupDeleted(tellDeleted(group))));
    });
  }

  /** The group is deleted: its live member devices stop receiving it and are told. */
  GroupDeleted tellDeleted(Group group) {
    return tellDeleted(router, group);
  }

  static GroupDeleted tellDeleted(SessionRouter router, Group group) {
    GroupDeleted gone = GroupDeleted.newBuilder().setGroupId(group.id().value()).setName(group.name().value()).build();
    ServerFrame notice = ServerFrame.newBuilder().setGroupDeleted(gone).build();
    // Copied: unsubscribing changes the set being walked.
    for (DeviceSession s : List.copyOf(router.groupSessions(group.id()))) {
      router.unsubscribe(group.id(), s);
      s.groupDeleted(group.id(), notice);
    }
    return gone;
  }
}
