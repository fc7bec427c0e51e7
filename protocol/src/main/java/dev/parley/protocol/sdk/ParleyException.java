package dev.parley.protocol.sdk;

import dev.parley.protocol.v1.ErrorCode;
import java.time.Duration;

/** The server refused a request with a typed error. */
public final class ParleyException extends RuntimeException {
  private final ErrorCode code;
  private final Duration retryAfter;

  public ParleyException(ErrorCode code, String message, Duration retryAfter) {
    super(code + ": " + message, null, false, false);
    this.code = code;
    this.retryAfter = retryAfter;
  }

  /** The server's error code. */
  public ErrorCode code() {
    return code;
  }

  /** How long the server asked us to wait before retrying; zero when it did not say. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
