package dev.parley.protocol.sdk;

/**
 * A user's presence as the server shows it to this user. {@code HIDDEN} means this user may not see
 * it (the user's privacy setting) or there is no such user. {@code lastSeenMs} is set for {@code
 * OFFLINE} when known: the server keeps it in memory only, so after a server restart it is 0.
 */
public record PresenceInfo(long userId, String username, State state, long lastSeenMs) {
  public enum State {
    HIDDEN,
    ONLINE,
    OFFLINE
  }

  static PresenceInfo of(dev.parley.protocol.v1.Presence p) {
    State s = switch (p.getState()) {
      case ONLINE -> State.ONLINE;
      case OFFLINE -> State.OFFLINE;
      case PRESENCE_STATE_UNSPECIFIED, UNRECOGNIZED -> State.HIDDEN;
    };
    return new PresenceInfo(p.getUserId(), p.getUsername(), s, p.getLastSeenMs());
  }
}
