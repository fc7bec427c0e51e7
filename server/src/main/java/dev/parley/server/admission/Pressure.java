package dev.parley.server.admission;

/**
 * How loaded the server is, as admission control sees it. Each level sheds what the one below does
 * and more; acknowledged-message traffic (sends, acks, deliveries) is never shed.
 */
public enum Pressure {
  /** Everything is served. */
  NORMAL,
  /** Ephemeral traffic is dropped: typing indicators and presence notices. */
  SHED_EPHEMERAL,
  /**
   * New sessions are refused too (RETRY_LATER): Register, LinkDevice and Login with a signature. A
   * Login with a resumption token (a returning device, no signature check) still goes on.
   */
  SHED_NEW_SESSIONS;

  public boolean atLeast(Pressure level) {
    return compareTo(level) >= 0;
  }
}
