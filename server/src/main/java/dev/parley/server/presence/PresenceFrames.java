package dev.parley.server.presence;

import dev.parley.protocol.v1.Presence;
import dev.parley.protocol.v1.PresenceNotice;
import dev.parley.protocol.v1.PresenceState;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.storage.account.UserId;

/** Builders for presence answers and notices. */
final class PresenceFrames {
  private PresenceFrames() {}

  /** What a follower allowed to see {@code user} is told. {@code lastSeenMs} 0 = unknown. */
  static Presence visible(UserId user, String username, boolean online, long lastSeenMs) {
    return Presence.newBuilder()
        .setUserId(user.value())
        .setUsername(username)
        .setState(online ? PresenceState.ONLINE : PresenceState.OFFLINE)
        .setLastSeenMs(online ? 0 : lastSeenMs)
        .build();
  }

  /** What anyone else is told: the name they asked for, nothing more (not even whether it exists). */
  static Presence hidden(String username) {
    return Presence.newBuilder().setUsername(username).setState(PresenceState.PRESENCE_STATE_UNSPECIFIED).build();
  }

  static ServerFrame notice(Presence p) {
    return ServerFrame.newBuilder().setPresenceNotice(PresenceNotice.newBuilder().setPresence(p)).build();
  }
}
