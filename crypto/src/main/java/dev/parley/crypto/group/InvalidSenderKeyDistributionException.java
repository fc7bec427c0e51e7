package dev.parley.crypto.group;

/**
 * Bytes received as a {@link SenderKeyDistribution} are not a valid encoding (wrong length,
 * version, or an out-of-range field). Nothing was created. Expected for hostile or corrupted input,
 * so it carries no stack trace.
 */
public final class InvalidSenderKeyDistributionException extends Exception {
  public InvalidSenderKeyDistributionException(String message) {
    super(message, null, false, false);
  }
}
