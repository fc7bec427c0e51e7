package dev.parley.server.group;

import dev.parley.protocol.v1.ServerFrame;
import dev.parley.protocol.v1.Typing;
import dev.parley.protocol.v1.TypingNotice;
import dev.parley.server.account.AuthenticatedDevice;
import dev.parley.server.account.UserLookup;
import dev.parley.server.router.DeviceSession;
import dev.parley.server.router.SessionRouter;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.GroupName;
import dev.parley.storage.group.GroupStore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Relays typing indicators to the live sessions of the other party (1:1) or of a group's members.
 * Ephemeral: nothing is stored, nothing is answered, an unknown target or a non-member sender is
 * silently ignored, and a session that cannot take the event at once does not get it.
 */
public final class TypingRelay {
  private final GroupStore groups;
  private final UserLookup users;
  private final SessionRouter router;

  public TypingRelay(GroupStore groups, UserLookup users, SessionRouter router) {
    this.groups = groups;
    this.users = users;
    this.router = router;
  }

  public void relay(AuthenticatedDevice me, DeviceSession from, Typing t) {
    switch (t.getConversationCase()) {
      case USERNAME -> users.byName(t.getUsername()).thenAccept(account -> account.ifPresent(a -> {
        if (a.id().equals(me.user())) return;
        ServerFrame notice = notice(me, 0, t.getTyping());
        router.sessionsOf(a.id()).forEach(s -> s.pushEphemeral(notice));
      }));
      case GROUP -> group(t).thenAccept(g -> g.ifPresent(id ->
          groups.membership(id, me.user()).thenAccept(m -> {
            if (m.isEmpty()) return;
            ServerFrame notice = notice(me, id.value(), t.getTyping());
            for (DeviceSession s : router.groupSessions(id)) {
              if (!s.user().equals(me.user())) s.pushEphemeral(notice);
            }
          })));
      case CONVERSATION_NOT_SET -> { }
    }
  }

  private CompletableFuture<Optional<GroupId>> group(Typing t) {
    var ref = t.getGroup();
    return switch (ref.getRefCase()) {
      case GROUP_ID -> CompletableFuture.completedFuture(
          ref.getGroupId() > 0 ? Optional.of(new GroupId(ref.getGroupId())) : Optional.empty());
      case NAME -> GroupName.parse(ref.getName())
          .map(n -> groups.findByName(n).thenApply(g -> g.map(x -> x.id())))
          .orElse(CompletableFuture.completedFuture(Optional.empty()));
      case REF_NOT_SET -> CompletableFuture.completedFuture(Optional.empty());
    };
  }

  private static ServerFrame notice(AuthenticatedDevice me, long groupId, boolean typing) {
    return ServerFrame.newBuilder()
        .setTypingNotice(TypingNotice.newBuilder()
            .setUserId(me.user().value())
            .setUsername(me.username().value())
            .setGroupId(groupId)
            .setTyping(typing))
        .build();
  }
}
