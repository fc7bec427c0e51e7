package dev.parley.server.cli.client;

import dev.parley.protocol.sdk.ConnectionException;
import dev.parley.protocol.sdk.GroupDowngradeException;
import dev.parley.protocol.sdk.ParleyException;
import dev.parley.protocol.sdk.TrustException;
import dev.parley.server.cli.ExitCodes;
import java.io.PrintStream;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Turns what went wrong into one clear line on stderr and the documented exit code. */
final class ClientFailure {
  private ClientFailure() {}

  static int report(Throwable error, PrintStream err) {
    Throwable t = unwrap(error);
    return switch (t) {
      case ParleyException p -> {
        err.println("parley: refused by the server: " + p.code() + " - " + p.getMessage().substring(p.code().name().length() + 2));
        yield ExitCodes.REFUSED;
      }
      case TrustException e -> {
        err.println("parley: the server's certificate is not the one pinned for it; refusing to talk to it.");
        err.println("  presented: " + e.presented().toHex());
        e.expected().ifPresent(x -> err.println("  pinned:    " + x.toHex()));
        err.println("  If the operator changed the certificate, re-run with --trust-fingerprint " + e.presented().toHex());
        yield ExitCodes.CANNOT_CONNECT;
      }
      case GroupDowngradeException e -> {
        err.println("parley: " + e.getMessage());
        yield ExitCodes.CANNOT_CONNECT;
      }
      case ConnectionException e -> {
        err.println("parley: " + e.getMessage() + (e.getCause() != null ? ": " + e.getCause().getMessage() : ""));
        yield ExitCodes.CANNOT_CONNECT;
      }
      case TimeoutException e -> {
        err.println("parley: no answer from the server in time");
        yield ExitCodes.CANNOT_CONNECT;
      }
      case IllegalArgumentException e -> {
        err.println("parley: " + e.getMessage());
        yield ExitCodes.USAGE;
      }
      default -> {
        err.println("parley: " + t);
        yield ExitCodes.USAGE;
      }
    };
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
