package dev.parley.server.refusal;

import dev.parley.protocol.v1.ErrorCode;
import dev.parley.storage.StorageOverloadedException;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Why a request was refused, as the client will be told. */
public record Refusal(ErrorCode code, String message, long retryAfterMs) {
  private static final Logger log = LoggerFactory.getLogger(Refusal.class);
  static final long STORAGE_RETRY_AFTER_MS = 1_000;

  public static Refusal of(ErrorCode code, String message) {
    return new Refusal(code, message, 0);
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
