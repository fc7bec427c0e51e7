package dev.parley.crypto.group;

/**
 * The message names a sender key id this receiver or record does not hold: its distribution has not
 * arrived yet (a client may hold the message and retry once it does), the key was dropped as one of
 * the oldest, or the message belongs to another sender. Its {@link #reason()} is always {@link
 * Reason#UNKNOWN_KEY_ID}.
 */
public final class UnknownSenderKeyException extends GroupDecryptionException {
  private final int keyId;

  public UnknownSenderKeyException(int keyId) {
    super(Reason.UNKNOWN_KEY_ID, "no sender key with id " + keyId);
    this.keyId = keyId;
  }

  /** Returns the key id the message names. */
  public int keyId() {
    return keyId;
  }
}
