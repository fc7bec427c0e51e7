package dev.parley.server.refusal;

import dev.parley.protocol.v1.ErrorCode;
import dev.parley.storage.StorageOverloadedException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why a request was refused, as the client will be told. {@code missingDevices} and {@code
 * extraDevices} are set only for DEVICE_MISMATCH.
 */
public record Refusal(
    ErrorCode code, String message, long retryAfterMs, List<Long> missingDevices, List<Long> extraDevices) {
  private static final Logger log = LoggerFactory.getLogger(Refusal.class);
  static final long STORAGE_RETRY_AFTER_MS = 1_000;

  public Refusal {
    missingDevices = List.copyOf(missingDevices);
    extraDevices = List.copyOf(extraDevices);
  }

  public Refusal(ErrorCode code, String message, long retryAfterMs) {
    this(code, message, retryAfterMs, List.of(), List.of());
  }

  public static Refusal of(ErrorCode code, String message) {
    return new Refusal(code, message, 0);
  }

  /** The send's devices differ from the current ones: the client fixes its sessions and retries. */
  public static Refusal deviceMismatch(List<Long> missing, List<Long> extra) {
    return new Refusal(
        ErrorCode.DEVICE_MISMATCH, missing.size() + " devices missing, " + extra.size() + " extra", 0, missing, extra);
  }

  /** A storage failure: overload is RETRY_LATER, anything else UNAVAILABLE; neither acknowledges. */
  public static Refusal fromStorage(Throwable err) {
    Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (cause instanceof StorageOverloadedException) {
      return new Refusal(ErrorCode.RETRY_LATER, "server busy, retry later", STORAGE_RETRY_AFTER_MS);
    }
    log.warn("storage failed: {}", cause.toString());
    return new Refusal(ErrorCode.UNAVAILABLE, "storage unavailable", STORAGE_RETRY_AFTER_MS);
  }
}
