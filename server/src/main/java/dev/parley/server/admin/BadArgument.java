package dev.parley.server.admin;

/** An admin argument is missing or malformed; answered as INVALID_ARGUMENT. No stack trace. */
final class BadArgument extends RuntimeException {
  BadArgument(String message) {
    super(message, null, false, false);
  }
}
