package dev.parley.server.cli;

/** The command line's exit codes; scripts rely on them, so they never change meaning. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int USAGE = 1;
  public static final int REFUSED = 2;
  public static final int CANNOT_CONNECT = 3;
  /** {@code receive} timed out before the requested number of messages arrived. */
  public static final int TIMED_OUT = 4;
  /** {@code serve} could not start (port in use, data directory locked or unreadable, bad certificate). */
  public static final int CANNOT_START = 5;
  /** {@code admin}: no such user, device, group, invite or backup. */
  public static final int NOT_FOUND = 6;
  /** {@code admin}: the name or code exists already. */
  public static final int CONFLICT = 7;
  /** {@code admin}: the server could not do it (storage failure, overload); the message says why. */
  public static final int FAILED = 8;

  private ExitCodes() {}
}
