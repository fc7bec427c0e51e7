package dev.parley.protocol.sdk;

import java.util.concurrent.CompletionException;

/** Helpers for the SDK's futures. */
final class Futures {
  private Futures() {}

  /** What went wrong in a dependent stage: the cause a {@link CompletionException} wraps, else {@code t}. */
  static Throwable cause(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }
}
