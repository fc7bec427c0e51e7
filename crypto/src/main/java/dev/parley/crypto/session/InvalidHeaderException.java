package dev.parley.crypto.session;

/**
 * An {@link InitialHeader} is malformed (wrong length, version, flag or field) or cannot be
 * accepted (its identity-DH certificate does not verify, or it carries a low-order key). No session
 * results and no prekey has been consumed. Expected for hostile input, so it carries no stack
 * trace.
 */
public final class InvalidHeaderException extends Exception {
  public InvalidHeaderException(String message) {
    super(message, null, false, false);
  }
}
