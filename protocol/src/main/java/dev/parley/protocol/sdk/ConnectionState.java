package dev.parley.protocol.sdk;

/** Where the client's connection stands. */
public enum ConnectionState {
  /** Not connected; a reconnect may be scheduled. */
  DISCONNECTED,
  /** Connecting, TLS handshake or authentication in progress. */
  CONNECTING,
  /** Logged in; sends flow and deliveries arrive. */
  AUTHENTICATED,
  /** The same device logged in elsewhere; this client does not reconnect. */
  REPLACED,
  /** Closed for good (by {@link ParleyClient#close()} or a fatal error). */
  CLOSED
}
