package dev.parley.server.group;

import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.GroupRef;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.protocol.v1.SetRole;
import dev.parley.server.account.AuthenticatedDevice;
import dev.parley.server.account.UserLookup;
import dev.parley.server.refusal.Answer;
import dev.parley.storage.account.Account;
import dev.parley.storage.group.Departure;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupStore;
import dev.parley.storage.group.Membership;
import dev.parley.storage.group.OwnerChange;
import dev.parley.storage.group.Role;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Roles and leaving: the owner makes members admins and back, or hands the group over (SetRole with
 * OWNER); members leave, the owner too. An owner who leaves is succeeded by the admin with the lowest
 * user id; with other members and no admin it is refused, and as the only member it deletes the
 * group. Whether the asker owns the group is read before the write and checked again in the store's
 * transfer, so two hand-overs cannot both pass. Live members are told of each change. Non-blocking.
 */
final class GroupRoles {
  private final GroupStore groups;
  private final UserLookup users;
  private final GroupService service;
  private final GroupNotices notices;
  private final GroupAdmin admin;

  GroupRoles(GroupStore groups, UserLookup users, GroupService service, GroupNotices notices, GroupAdmin admin) {
    this.groups = groups;
    this.users = users;
    this.service = service;
    this.notices = notices;
    this.admin = admin;
  }

  CompletableFuture<Answer<ServerFrame.Builder>> setRole(AuthenticatedDevice me, SetRole req) {
    Role role = switch (req.getRole()) {
      case ADMIN -> Role.ADMIN;
      case MEMBER -> Role.MEMBER;
      case OWNER -> Role.OWNER;
      default -> null;
    };
    if (role == null) return GroupService.refused(ErrorCode.INVALID_ARGUMENT, "a role is ADMIN, MEMBER or OWNER");
    return service.withRole(me, req.getGroup(), true, (group, myRole) -> {
      if (myRole != Role.OWNER) {
        return GroupService.refused(ErrorCode.NOT_ALLOWED,
            role == Role.OWNER ? "only the owner hands the group over" : "only the owner changes roles");
      }
      return users.byName(req.getUsername()).thenCompose(user -> {
        if (user.isEmpty()) return GroupService.refused(ErrorCode.USER_NOT_FOUND, "no such user");
        return role == Role.OWNER ? transfer(me, group, user.get()) : change(me, group, user.get(), role);
      });
    });
  }

  private CompletableFuture<Answer<ServerFrame.Builder>> change(AuthenticatedDevice me, Group group, Account user, Role role) {
    return groups.membership(group.id(), user.id()).thenCompose(m -> {
      if (m.isEmpty()) return notAMember(user);
      if (m.get().role() == Role.OWNER) return GroupService.refused(ErrorCode.NOT_ALLOWED, "the owner's role cannot change");
      if (m.get().role() == role) return service.info(group, me.user()); // nothing changes, nobody is told
      return groups.setRole(group.id(), user.id(), role).thenCompose(r -> switch (r) {
        case UPDATED -> {
          notices.roleChanged(group, new GroupNotices.Concerned(user.id(), user.username().value(), role), me);
          yield service.info(group, me.user());
        }
        case NOT_A_MEMBER -> notAMember(user);
        case OWNER_IS_FIXED -> GroupService.refused(ErrorCode.NOT_ALLOWED, "the owner's role cannot change");
        case NO_SUCH_GROUP -> GroupService.refused(ErrorCode.GROUP_NOT_FOUND, "no such group");
      });
    });
  }

  private CompletableFuture<Answer<ServerFrame.Builder>> transfer(AuthenticatedDevice me, Group group, Account heir) {
    return groups.transferOwnership(group.id(), me.user(), heir.id()).thenCompose(r -> switch (r) {
      case OwnerChange.Transferred t -> {
        if (!t.owner().equals(t.previous())) {
          notices.ownerChanged(group, List.of(
              concerned(t.owner(), heir.username().value()), concerned(t.previous(), me.username().value())), me);
        }
        yield service.info(group, me.user());
      }
      case OwnerChange.NotOwner n -> GroupService.refused(ErrorCode.NOT_ALLOWED, "only the owner hands the group over");
      case OwnerChange.NotMember n -> notAMember(heir);
      case OwnerChange.NoSuchGroup n -> GroupService.refused(ErrorCode.GROUP_NOT_FOUND, "no such group");
    });
  }

  CompletableFuture<Answer<ServerFrame.Builder>> leave(AuthenticatedDevice me, GroupRef ref) {
    return service.withRole(me, ref, false, (group, myRole) ->
        groups.leave(group.id(), me.user()).thenCompose(d -> switch (d) {
          case Departure.Left l -> successorName(l.successor()).thenCompose(successor -> {
            successor.ifPresent(s -> notices.ownerChanged(group, List.of(s), me));
            notices.memberLeft(group, me);
            service.detachUser(me.user(), group.id());
            return service.info(group, me.user());
          });
          case Departure.Deleted x -> {
            admin.tellDeleted(group);
            yield CompletableFuture.completedFuture(
                Answer.ok(ServerFrame.newBuilder().setGroupInfo(GroupFrames.info(group, Role.MEMBER, 0, 0))));
          }
          case Departure.NoSuccessor x -> GroupService.refused(ErrorCode.NOT_ALLOWED,
              "the owner can leave only when an admin can take over: promote a member, or hand the group over"
                  + " (group transfer GROUP USER), first");
          case Departure.NotMember x -> GroupService.refused(ErrorCode.GROUP_NOT_FOUND, "no such group, or you are not a member");
        }));
  }

  private CompletableFuture<Optional<GroupNotices.Concerned>> successorName(Optional<Membership> successor) {
    if (successor.isEmpty()) return CompletableFuture.completedFuture(Optional.empty());
    Membership m = successor.get();
    return users.byId(m.user().value())
        .thenApply(a -> Optional.of(concerned(m, a.map(x -> x.username().value()).orElse(""))));
  }

  private static GroupNotices.Concerned concerned(Membership m, String username) {
    return new GroupNotices.Concerned(m.user(), username, m.role());
  }

  private static CompletableFuture<Answer<ServerFrame.Builder>> notAMember(Account user) {
    return GroupService.refused(ErrorCode.USER_NOT_FOUND, user.username().value() + " is not a member");
  }
}
