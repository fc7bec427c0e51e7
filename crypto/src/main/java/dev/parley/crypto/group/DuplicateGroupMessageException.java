package dev.parley.crypto.group;

/**
 * The message is authentic but its key is gone: it was decrypted before (a replay or redelivery),
 * its skipped key was evicted, or it precedes the iteration at which this member received the
 * sender key. Usually harmless for a client to drop silently. Its {@link #reason()} is always
 * {@link Reason#DUPLICATE}.
 */
public final class DuplicateGroupMessageException extends GroupDecryptionException {
  public DuplicateGroupMessageException(String message) {
    super(Reason.DUPLICATE, message);
  }
}
