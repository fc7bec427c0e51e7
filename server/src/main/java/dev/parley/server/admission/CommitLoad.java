package dev.parley.server.admission;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.DoubleSupplier;

/**
 * The load signal: how full the storage commit queue is (0 to 1), read from the gauge the commit
 * stage registers ({@code parley.commit.queue.depth}). 0 while the storage registers no such gauge.
 */
public final class CommitLoad implements DoubleSupplier {
  private final MeterRegistry registry;
  private final double capacity;
  private volatile Gauge depth;

  public CommitLoad(MeterRegistry registry, int commitQueueCapacity) {
    this.registry = registry;
    this.capacity = commitQueueCapacity;
  }

  @Override
  public double getAsDouble() {
    Gauge g = depth;
    if (g == null) {
      g = registry.find("parley.commit.queue.depth").gauge();
      if (g == null) return 0;
      depth = g;
    }
    return g.value() / capacity;
  }
}
