package dev.parley.server.connection;

/** Why the server closed a connection; for logs and metrics. */
enum CloseReason {
  CLIENT_GOODBYE,
  PROTOCOL_ERROR,
  AUTH_FAILED,
  HANDSHAKE_TIMEOUT,
  IDLE,
  WRITE_STALL,
  OUTBOUND_OVERFLOW,
  OVERLOADED,
  REPLACED,
  REVOKED,
  SHUTDOWN,
  STORAGE_FAILURE,
  INTERNAL_ERROR
}
