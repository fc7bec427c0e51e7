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

  private static final Duration LONGEST = Duration.ofDays(3650);

  /** Between 1 ms and ten years: longer would overflow time arithmetic, and no one means it. */
  static void duration(String name, Duration value) {
    if (value.toMillis() < 1 || value.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException(name + " = " + value + " is outside [1ms, 3650d]");
    }
  }

  static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) throw new IllegalArgumentException(name + " must be > 0");
  }

  /** True for a literal loopback address or "localhost"; never resolves other names. */
  static boolean loopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
  }
}
