package dev.parley.crypto.session;

/**
 * The message's key was already used or is no longer stored: the message was delivered before (a
 * replay or a redelivery) or is so late its skipped key was evicted. Usually harmless for a client
 * to drop silently. Its {@link #reason()} is always {@link Reason#DUPLICATE}.
 */
public final class DuplicateMessageException extends DecryptionException {
  public DuplicateMessageException(String message) {
    super(Reason.DUPLICATE, message);
  }
}
