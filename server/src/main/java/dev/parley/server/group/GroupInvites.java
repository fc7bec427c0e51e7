package dev.parley.server.group;

import dev.parley.protocol.v1.CreateGroupInvite;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.GroupRef;
import dev.parley.protocol.v1.InviteLink;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.server.account.AuthenticatedDevice;
import dev.parley.server.refusal.Answer;
import dev.parley.server.refusal.Refusal;
import dev.parley.storage.group.GroupInvite;
import dev.parley.storage.group.GroupInviteStore;
import dev.parley.storage.group.GroupStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Invite links: an owner or admin creates a code, whoever holds it joins the group or channel as a
 * member until the code expires or is revoked. Codes are 96 random bits, so they cannot be guessed;
 * every unusable code (unknown, expired, revoked, group deleted) gets the same answer.
 */
public final class GroupInvites {
  public static final String LINK_PREFIX = "parley://join/";
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{16}");
  private static final int CODE_BYTES = 12;

  private final GroupService service;
  private final GroupStore groups;
  private final GroupInviteStore invites;
  private final Clock clock;
  private final SecureRandom random;

  public GroupInvites(GroupService service, GroupStore groups, GroupInviteStore invites, Clock clock, SecureRandom random) {
    this.service = service;
    this.groups = groups;
    this.invites = invites;
    this.clock = clock;
    this.random = random;
  }

  public CompletableFuture<Answer<ServerFrame.Builder>> create(AuthenticatedDevice me, CreateGroupInvite req) {
    if (req.getTtlSeconds() < 0 || req.getTtlSeconds() > Long.MAX_VALUE / 1000 - clock.millis()) {
      return GroupService.refused(ErrorCode.INVALID_ARGUMENT, "ttl_seconds out of range");
    }
    return service.withRole(me, req.getGroup(), true, (group, role) -> {
      long now = clock.millis();
      GroupInvite invite = new GroupInvite(
          newCode(), group.id(), me.user(), now, req.getTtlSeconds() == 0 ? 0 : now + req.getTtlSeconds() * 1000);
      return invites.create(invite).thenApply(created -> created
          ? Answer.ok(ServerFrame.newBuilder().setInviteLink(link(invite)))
          : Answer.refused(Refusal.of(ErrorCode.GROUP_NOT_FOUND, "no such group")));
    });
  }

  public CompletableFuture<Answer<ServerFrame.Builder>> join(AuthenticatedDevice me, String codeOrLink) {
    return usable(codeOrLink)
        .thenCompose(invite -> invite.isEmpty()
            ? invalid()
            : groups.findById(invite.get().group()).thenCompose(g -> g.isEmpty()
                ? invalid()
                : service.join(g.get(), me)))
        .exceptionally(GroupService::fromStorage);
  }

  public CompletableFuture<Answer<ServerFrame.Builder>> revoke(AuthenticatedDevice me, String codeOrLink) {
    return usable(codeOrLink)
        .thenCompose(invite -> {
          if (invite.isEmpty()) return invalid();
          GroupRef ref = GroupRef.newBuilder().setGroupId(invite.get().group().value()).build();
          return service.withRole(me, ref, true, (group, role) -> invites.revoke(invite.get().code()).thenApply(revoked ->
              revoked
                  ? Answer.ok(ServerFrame.newBuilder().setInviteLink(link(invite.get())))
                  : Answer.<ServerFrame.Builder>refused(Refusal.of(ErrorCode.GROUP_INVITE_INVALID, "no such invite"))));
        })
        .exceptionally(GroupService::fromStorage);
  }

  /** The invite of a well-formed, stored, unexpired code. */
  private CompletableFuture<Optional<GroupInvite>> usable(String codeOrLink) {
    String code = codeOrLink.startsWith(LINK_PREFIX) ? codeOrLink.substring(LINK_PREFIX.length()) : codeOrLink;
    if (!CODE.matcher(code).matches()) return CompletableFuture.completedFuture(Optional.empty());
    long now = clock.millis();
    return invites.find(code).thenApply(i -> i.filter(invite -> !invite.expiredAt(now)));
  }

  private String newCode() {
    byte[] bytes = new byte[CODE_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static InviteLink link(GroupInvite invite) {
    return InviteLink.newBuilder()
        .setCode(invite.code())
        .setLink(LINK_PREFIX + invite.code())
        .setGroupId(invite.group().value())
        .setExpiresAtMs(invite.expiresAtMs())
        .build();
  }

  private static CompletableFuture<Answer<ServerFrame.Builder>> invalid() {
    return GroupService.refused(ErrorCode.GROUP_INVITE_INVALID, "unknown, revoked or expired invite");
  }
}
