package dev.parley.server.admission;

import java.util.List;

/**
 * The admission limits, readable and changeable while the server runs (for the admin interface).
 * A change applies at once to every bucket of that limit, existing and new; the configuration file
 * is not rewritten, so a restart goes back to it. Thread-safe.
 */
public interface LimitsControl {
  /** One limit: {@code name} as in the config ({@code register.address}, {@code send.account}, ...). */
  record BucketLimit(String name, double ratePerSecond, long burst) {}

  /** Every limit with its current rate and burst, by name. */
  List<BucketLimit> list();

  /**
   * Sets one limit's rate (tokens per second) and burst (bucket size).
   *
   * @throws IllegalArgumentException for an unknown name or a value outside the ranges the config
   *     accepts (rate 0.001 to 1,000,000; burst 1 to 10,000,000)
   */
  void set(String name, double ratePerSecond, long burst);
}
