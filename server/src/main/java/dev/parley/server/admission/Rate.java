package dev.parley.server.admission;

import dev.parley.server.config.AdmissionConfig;

/** A bucket's refill rate and size, with the interval between tokens precomputed. */
record Rate(double ratePerSecond, long burst, long intervalNanos) {
  static Rate of(AdmissionConfig.Bucket b) {
    return new Rate(b.ratePerSecond(), b.burst(), Math.max(1, Math.round(1e9 / b.ratePerSecond())));
  }
}
