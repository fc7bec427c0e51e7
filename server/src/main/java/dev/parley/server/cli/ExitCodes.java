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

  private ExitCodes() {}
}
