package dev.parley.server.metrics;

import dev.parley.protocol.v1.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The server's own meters, registered once. Thread-safe. */
public final class ServerMetrics {
  private final AtomicInteger connections = new AtomicInteger();
  private final Counter sends;
  private final Counter deliveries;
  private final Counter logins;
  private final Counter registrations;
  private final Counter ephemeralDropped;
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
  private final MeterRegistry registry;

  public ServerMetrics(MeterRegistry registry) {
    this.registry = registry;
    registry.gauge("parley.connections", connections);
    sends = registry.counter("parley.sends");
    deliveries = registry.counter("parley.deliveries");
    logins = registry.counter("parley.logins");
    registrations = registry.counter("parley.registrations");
    ephemeralDropped = registry.counter("parley.ephemeral.dropped");
    bytesIn = Counter.builder("parley.bytes.in").baseUnit("bytes").description("bytes read from client connections").register(registry);
    bytesOut = Counter.builder("parley.bytes.out").baseUnit("bytes").description("bytes written to client connections").register(registry);
    for (ErrorCode code : ErrorCode.values()) {
      if (code != ErrorCode.UNRECOGNIZED) errors.put(code, registry.counter("parley.errors", "code", code.name()));
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  public AtomicInteger connections() {
    return connections;
  }

  public Counter sends() {
    return sends;
  }

  public Counter deliveries() {
    return deliveries;
  }

  public Counter logins() {
    return logins;
  }

  public Counter registrations() {
    return registrations;
  }

  /** Typing events dropped: under load, or because the recipient's connection was not writable. */
  public Counter ephemeralDropped() {
    return ephemeralDropped;
  }

  public Counter bytesIn() {
    return bytesIn;
  }

  public Counter bytesOut() {
    return bytesOut;
  }

  /** Logins with a resumption token instead of a signature (also counted in {@code parley.logins}). */
  public Counter resumedLogins() {
    return registry.counter("parley.logins.resumed");
  }

  /** Requests refused by admission control, by the limit that refused them. */
  public Counter admissionRefused(String limit) {
    return registry.counter("parley.admission.refused", "limit", limit);
  }

  /** Connections closed because the bytes queued for them passed the per-connection bound. */
  public Counter outboundOverflows() {
    return registry.counter("parley.outbound.overflows");
  }

  public void error(ErrorCode code) {
    Counter c = errors.get(code);
    if (c != null) c.increment();
  }
}
