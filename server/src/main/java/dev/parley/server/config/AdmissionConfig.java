package dev.parley.server.config;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code admission} section: token buckets in front of expensive work, bounds on handshakes in
 * progress, load shedding and resumption tokens. Checked once at startup; bucket rates and the
 * shedding marks may later be changed at runtime (within the same ranges) through {@code LimitsControl}.
 *
 * @param buckets every bucket by name ({@code register.global}, {@code login.account}, ...)
 * @param maxPendingHandshakes connections that have not logged in yet, beyond which a Hello is
 *     answered RETRY_LATER
 * @param maxPendingAuthentications Register/Login/LinkDevice requests being checked at once
 * @param maxTrackedKeys per keyed bucket (address, prefix, account): most keys tracked at once
 * @param shedding the load marks at which ephemeral traffic is dropped and new sessions refused
 *     (changeable at runtime through {@code LimitsControl})
 * @param loopLagProbeInterval how often each event loop's lag is measured
 * @param maxQueuedBytesPerConnection bytes queued for one connection beyond which it is closed at once
 * @param resumptionTtl how long a resumption token is valid; zero turns resumption off
 * @param maxResumptionTokens resumption tokens held in memory at most (one per device)
 */
public record AdmissionConfig(
    Map<String, Bucket> buckets,
    int maxPendingHandshakes,
    int maxPendingAuthentications,
    int maxTrackedKeys,
    Shedding shedding,
    Duration loopLagProbeInterval,
    long maxQueuedBytesPerConnection,
    Duration resumptionTtl,
    int maxResumptionTokens) {

  /** Every bucket there is; each needs a rate and a burst in the config. */
  public static final java.util.List<String> BUCKET_NAMES = java.util.List.of(
      "register.global", "register.address", "register.prefix",
      "login.global", "login.address", "login.prefix", "login.account",
      "fetch-prekeys.account", "upload-prekeys.account", "send.account");

  public AdmissionConfig {
    buckets = new TreeMap<>(buckets);
    for (String name : BUCKET_NAMES) {
      if (!buckets.containsKey(name)) throw new IllegalArgumentException("admission." + name + " is missing");
    }
    for (String name : buckets.keySet()) {
      if (!BUCKET_NAMES.contains(name)) throw new IllegalArgumentException("unknown bucket admission." + name);
    }
    buckets = java.util.Collections.unmodifiableMap(buckets);
    Checks.range("admission.max-pending-handshakes", maxPendingHandshakes, 1, 10_000_000);
    Checks.range("admission.max-pending-authentications", maxPendingAuthentications, 1, 10_000_000);
    Checks.range("admission.max-tracked-keys", maxTrackedKeys, 16, 100_000_000);
    java.util.Objects.requireNonNull(shedding, "admission shedding");
    if (loopLagProbeInterval.compareTo(MIN_PROBE_INTERVAL) < 0 || loopLagProbeInterval.compareTo(MAX_PROBE_INTERVAL) > 0) {
      throw new IllegalArgumentException("admission.loop-lag-probe-interval = " + loopLagProbeInterval
          + " is outside [10ms, 1s]");
    }
    Checks.range("admission.max-queued-bytes-per-connection", maxQueuedBytesPerConnection, 64 << 10, 1L << 32);
    if (!resumptionTtl.isZero()) Checks.duration("admission.resumption.ttl", resumptionTtl);
    Checks.range("admission.resumption.max-tokens", maxResumptionTokens, 1, 100_000_000);
  }

  private static final Duration MIN_PROBE_INTERVAL = Duration.ofMillis(10);
  private static final Duration MAX_PROBE_INTERVAL = Duration.ofSeconds(1);

  /**
   * When admission control sheds load. Either signal past its mark sheds: the storage commit queue's
   * fill, or the event loops' lag (how late a no-op task runs on the busiest loop). Ephemeral
   * traffic (typing, presence notices) goes first; new sessions (Register, LinkDevice, signed
   * Login) next; authenticated sends, acks and deliveries never.
   *
   * @param commitQueueFraction commit queue fill (0..1) at which new sessions are refused and
   *     ephemeral traffic dropped; 0 sheds always (a drill), 1 only when the queue is full
   * @param ephemeralAtLoopLag loop lag at which typing and presence notices are dropped; 0 always
   * @param newSessionsAtLoopLag loop lag at which new sessions are refused too; 0 always. Not below
   *     {@code ephemeralAtLoopLag}: ephemeral traffic is always shed first
   */
  public record Shedding(double commitQueueFraction, Duration ephemeralAtLoopLag, Duration newSessionsAtLoopLag) {
    public static final Duration MAX_LAG = Duration.ofMinutes(1);

    public Shedding {
      if (!(commitQueueFraction >= 0.0 && commitQueueFraction <= 1.0)) {
        throw new IllegalArgumentException("admission.shed-at-commit-queue-fraction = " + commitQueueFraction
            + " is outside [0, 1]");
      }
      lag("admission.shed-ephemeral-at-loop-lag", ephemeralAtLoopLag);
      lag("admission.shed-new-sessions-at-loop-lag", newSessionsAtLoopLag);
      if (newSessionsAtLoopLag.compareTo(ephemeralAtLoopLag) < 0) {
        throw new IllegalArgumentException("admission.shed-new-sessions-at-loop-lag = " + newSessionsAtLoopLag
            + " is below admission.shed-ephemeral-at-loop-lag = " + ephemeralAtLoopLag
            + ": ephemeral traffic is shed first");
      }
    }

    private static void lag(String name, Duration value) {
      if (value.isNegative() || value.compareTo(MAX_LAG) > 0) {
        throw new IllegalArgumentException(name + " = " + value + " is outside [0, 1m]");
      }
    }
  }

  /** A token bucket's refill rate (tokens per second) and size. */
  public record Bucket(double ratePerSecond, long burst) {
    public static final double MIN_RATE = 0.001;
    public static final double MAX_RATE = 1_000_000;

    public Bucket {
      if (!(ratePerSecond >= MIN_RATE && ratePerSecond <= MAX_RATE)) {
        throw new IllegalArgumentException("rate = " + ratePerSecond + " is outside [" + MIN_RATE + ", " + MAX_RATE + "]");
      }
      Checks.range("burst", burst, 1, 10_000_000);
    }
  }

  /** This config with every bucket set to {@code b}: for tests and drills that want no limits. */
  public AdmissionConfig withAllBuckets(Bucket b) {
    Map<String, Bucket> all = new TreeMap<>();
    BUCKET_NAMES.forEach(n -> all.put(n, b));
    return withBuckets(all);
  }

  /** This config with {@code changes} applied over the present buckets. */
  public AdmissionConfig withBuckets(Map<String, Bucket> changes) {
    Map<String, Bucket> all = new TreeMap<>(buckets);
    all.putAll(changes);
    return new AdmissionConfig(all, maxPendingHandshakes, maxPendingAuthentications, maxTrackedKeys,
        shedding, loopLagProbeInterval, maxQueuedBytesPerConnection, resumptionTtl, maxResumptionTokens);
  }

  public AdmissionConfig withShedAtCommitQueueFraction(double f) {
    return withShedding(new Shedding(f, shedding.ephemeralAtLoopLag(), shedding.newSessionsAtLoopLag()));
  }

  public AdmissionConfig withShedding(Shedding value) {
    return new AdmissionConfig(buckets, maxPendingHandshakes, maxPendingAuthentications, maxTrackedKeys, value,
        loopLagProbeInterval, maxQueuedBytesPerConnection, resumptionTtl, maxResumptionTokens);
  }

  public AdmissionConfig withMaxPendingHandshakes(int n) {
    return new AdmissionConfig(buckets, n, maxPendingAuthentications, maxTrackedKeys, shedding,
        loopLagProbeInterval, maxQueuedBytesPerConnection, resumptionTtl, maxResumptionTokens);
  }

  public AdmissionConfig withMaxQueuedBytesPerConnection(long n) {
    return new AdmissionConfig(buckets, maxPendingHandshakes, maxPendingAuthentications, maxTrackedKeys,
        shedding, loopLagProbeInterval, n, resumptionTtl, maxResumptionTokens);
  }

  /** Reads the section; bucket names are {@code <action>.<scope>}, as in reference.conf. */
  static AdmissionConfig from(com.typesafe.config.Config c) {
    Map<String, Bucket> buckets = new TreeMap<>();
    for (String name : BUCKET_NAMES) {
      com.typesafe.config.Config b = c.getConfig(name);
      try {
        buckets.put(name, new Bucket(b.getDouble("rate"), b.getLong("burst")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("admission." + name + ": " + e.getMessage(), e);
      }
    }
    return new AdmissionConfig(
        buckets,
        c.getInt("max-pending-handshakes"),
        c.getInt("max-pending-authentications"),
        c.getInt("max-tracked-keys"),
        new Shedding(
            c.getDouble("shed-at-commit-queue-fraction"),
            c.getDuration("shed-ephemeral-at-loop-lag"),
            c.getDuration("shed-new-sessions-at-loop-lag")),
        c.getDuration("loop-lag-probe-interval"),
        c.getBytes("max-queued-bytes-per-connection"),
        c.getDuration("resumption.ttl"),
        c.getInt("resumption.max-tokens"));
  }
}
