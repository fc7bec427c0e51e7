package dev.parley.protocol.sdk;

import dev.parley.protocol.v1.ErrorCode;
import java.time.Duration;
import java.util.List;

/** The server refused a request with a typed error. */
public final class ParleyException extends RuntimeException {
  private final ErrorCode code;
  private final Duration retryAfter;
  private final List<Long> missingDevices;
  private final List<Long> extraDevices;

  public ParleyException(ErrorCode code, String message, Duration retryAfter) {
    this(code, message, retryAfter, List.of(), List.of());
  }

  public ParleyException(
      ErrorCode code, String message, Duration retryAfter, List<Long> missingDevices, List<Long> extraDevices) {
    super(code + ": " + message, null, false, false);
    this.code = code;
    this.retryAfter = retryAfter;
    this.missingDevices = List.copyOf(missingDevices);
    this.extraDevices = List.copyOf(extraDevices);
  }

  /** For DEVICE_MISMATCH: devices the send left out. */
  public List<Long> missingDevices() {
    return missingDevices;
  }

  /** For DEVICE_MISMATCH: devices the send addressed that no longer exist. */
  public List<Long> extraDevices() {
    return extraDevices;
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
