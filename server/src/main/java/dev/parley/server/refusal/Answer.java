package dev.parley.server.refusal;

import dev.parley.protocol.v1.ErrorCode;
import java.util.concurrent.CompletableFuture;

/** A request's answer: a value for the client, or a refusal. */
public sealed interface Answer<T> {
  record Ok<T>(T value) implements Answer<T> {}

  record Refused<T>(Refusal refusal) implements Answer<T> {}

  static <T> Answer<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> Answer<T> refused(Refusal refusal) {
    return new Refused<>(refusal);
  }

  /** A refusal decided before any work, as the future a service returns. */
  static <T> CompletableFuture<Answer<T>> refusedNow(ErrorCode code, String message) {
    return CompletableFuture.completedFuture(refused(Refusal.of(code, message)));
  }
}
