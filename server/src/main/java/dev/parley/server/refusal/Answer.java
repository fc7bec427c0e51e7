package dev.parley.server.refusal;

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
}
