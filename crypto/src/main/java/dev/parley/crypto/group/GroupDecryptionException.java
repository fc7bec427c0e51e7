package dev.parley.crypto.group;

import java.util.Objects;

/**
 * A group message could not be decrypted; the receiver (or record) is exactly as it was before the
 * attempt and keeps working. {@link #reason()} says why, for metrics and for deciding whether to
 * tell the user. Expected for hostile, stale or duplicated input, so it carries no stack trace.
 *
 * <p>The two outcomes a client handles differently have their own types: {@link
 * UnknownSenderKeyException} (hold the message until the sender's distribution arrives) and {@link
 * DuplicateGroupMessageException} (usually dropped silently).
 */
public sealed class GroupDecryptionException extends Exception
    permits DuplicateGroupMessageException, UnknownSenderKeyException {
  /** Why decryption failed. Append only: values may be counted in metrics by name. */
  public enum Reason {
    /** Not a sender key message of a supported format: truncated, unknown version, bad counter. */
    MALFORMED,
    /** Its key id is not one this receiver or record holds. */
    UNKNOWN_KEY_ID,
    /** The Ed25519 signature does not verify under the sender key's signature key. */
    BAD_SIGNATURE,
    /**
     * The signature verifies but the ciphertext does not open with the distributed chain: the
     * sender gave this member a different chain key than it encrypts with.
     */
    AUTHENTICATION_FAILED,
    /** The message is more than {@link SenderKeyReceiver#MAX_SKIP} iterations ahead. */
    TOO_MANY_SKIPPED,
    /**
     * Its message key was already used, evicted, or precedes the distribution the receiver started
     * from.
     */
    DUPLICATE
  }

  private final Reason reason;

  public GroupDecryptionException(Reason reason, String message) {
    super(reason + ": " + message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Returns why decryption failed. */
  public Reason reason() {
    return reason;
  }
}
