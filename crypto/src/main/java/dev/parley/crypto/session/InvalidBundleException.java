package dev.parley.crypto.session;

/**
 * A prekey bundle cannot be used to start a session: a signature by the recipient's identity key
 * does not verify, or a key in it is unusable (a low-order X25519 point). The bundle must not be
 * used; the server that served it is either buggy or hostile. Expected for hostile input, so it
 * carries no stack trace.
 */
public final class InvalidBundleException extends Exception {
  public InvalidBundleException(String message) {
    super(message, null, false, false);
  }
}
