package dev.parley.crypto.session;

import java.util.Objects;

/**
 * A message could not be decrypted; the session is exactly as it was before the attempt and keeps
 * working. {@link #reason()} says why, for metrics and for deciding whether to tell the user.
 * Expected for hostile or duplicated input, so it carries no stack trace.
 */
public sealed class DecryptionException extends Exception permits DuplicateMessageException {
  /** Why decryption failed. Append only: values may be counted in metrics by name. */
  public enum Reason {
    /** Not a message of a supported format: truncated, unknown version, bad counter. */
    MALFORMED,
    /** The ciphertext, header or sender did not authenticate in this session. */
    AUTHENTICATION_FAILED,
    /** The message is more than {@link RatchetSession#MAX_SKIP} messages ahead of its chain. */
    TOO_MANY_SKIPPED,
    /** Its message key was already used or deleted: a replay or a very late duplicate. */
    DUPLICATE
  }

  private final Reason reason;

  public DecryptionException(Reason reason, String message) {
    super(reason + ": " + message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Returns why decryption failed. */
  public Reason reason() {
    return reason;
  }
}
