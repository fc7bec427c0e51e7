package dev.parley.server.config;

import java.time.Duration;

/** Argument checks for config records: refuse, naming the option. */
final class Checks {
  private Checks() {}

  static void range(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " = " + value + " is outside [" + min + ", " + max + "]");
    }
  }

  static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) throw new IllegalArgumentException(name + " must be > 0");
  }
}
