package dev.parley.server.admission;

import dev.parley.server.config.AdmissionConfig;
import java.util.List;

/**
 * The admission limits and load-shedding marks, readable and changeable while the server runs (for
 * the admin interface). A change applies at once to every bucket of that limit, existing and new, or
 * to the next request under the marks; the configuration file is not rewritten, so a restart goes
 * back to it. Thread-safe.
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

  /** The load marks at which ephemeral traffic is dropped and new sessions refused, as in force. */
  AdmissionConfig.Shedding shedding();

  /** Replaces the load marks; {@link AdmissionConfig.Shedding} checks them as the config does. */
  void shedding(AdmissionConfig.Shedding marks);

  /** How loaded the server is now under the marks in force. */
  Pressure pressure();
}
