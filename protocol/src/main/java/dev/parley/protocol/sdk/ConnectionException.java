package dev.parley.protocol.sdk;

/** The client could not reach the server, or lost the connection before an answer arrived. */
public final class ConnectionException extends RuntimeException {
  public ConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
