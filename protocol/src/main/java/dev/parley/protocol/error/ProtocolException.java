package dev.parley.protocol.error;

import dev.parley.protocol.v1.ErrorCode;

/**
 * A peer broke the protocol (malformed frame, oversized frame, wrong frame for the state). Carries
 * the wire error code to report; expected, so it has no stack trace.
 */
public final class ProtocolException extends RuntimeException {
  private final ErrorCode code;

  public ProtocolException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
