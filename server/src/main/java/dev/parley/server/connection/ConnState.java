package dev.parley.server.connection;

/** Where a connection stands; every frame is handled by an exhaustive switch over this. */
sealed interface ConnState {
  /** TLS is up; waiting for Hello. */
  record AwaitingHello() implements ConnState {}

  /** Hello answered with {@code challenge}; waiting for Register or Login. */
  record Unauthenticated(byte[] challenge) implements ConnState {}

  /** A Register or Login is being checked; only pings are accepted meanwhile. */
  record Authenticating(byte[] challenge) implements ConnState {}

  /** Logged in as a device. */
  record Authenticated(LiveSession session) implements ConnState {}

  /** Closing; further frames are ignored. */
  record Closing(CloseReason reason) implements ConnState {}
}
