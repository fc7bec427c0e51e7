package dev.parley.server.admission;

import dev.parley.server.config.AdmissionConfig.Shedding;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The server's load: the storage commit queue's fill and the event loops' lag, each held against its
 * mark. Past {@code commitQueueFraction} or {@code newSessionsAtLoopLag}, new sessions are refused;
 * past {@code ephemeralAtLoopLag}, ephemeral traffic is dropped. The marks change at runtime.
 *
 * <p>Thread-safe and lock-free: asked on every event loop per Register, Login, LinkDevice and typing
 * frame; each answer reads two signals afresh. Registers {@code parley.admission.pressure} (0 normal,
 * 1 shedding ephemeral traffic, 2 refusing new sessions too).
 */
public final class ServerLoad implements LoadSignal {
  private record Marks(Shedding shedding, long ephemeralNanos, long newSessionsNanos) {
    Marks(Shedding s) {
      this(s, s.ephemeralAtLoopLag().toNanos(), s.newSessionsAtLoopLag().toNanos());
    }
  }

  private final DoubleSupplier commitQueueFill;
  private final LongSupplier loopLagNanos;
  private volatile Marks marks;

  /**
   * @param commitQueueFill how full the commit queue is now, 0 to 1
   * @param loopLagNanos the busiest event loop's smoothed lag now
   */
  public ServerLoad(Shedding marks, DoubleSupplier commitQueueFill, LongSupplier loopLagNanos, MeterRegistry registry) {
    this.marks = new Marks(marks);
    this.commitQueueFill = commitQueueFill;
    this.loopLagNanos = loopLagNanos;
    Gauge.builder("parley.admission.pressure", this, l -> l.pressure().ordinal())
        .description("0 normal, 1 ephemeral traffic dropped, 2 new sessions refused too")
        .register(registry);
  }

  @Override
  public Pressure pressure() {
    Marks m = marks;
    long lag = loopLagNanos.getAsLong();
    if (lag >= m.newSessionsNanos() || commitQueueFill.getAsDouble() >= m.shedding().commitQueueFraction()) {
      return Pressure.SHED_NEW_SESSIONS;
    }
    return lag >= m.ephemeralNanos() ? Pressure.SHED_EPHEMERAL : Pressure.NORMAL;
  }

  /** The marks in force. */
  public Shedding marks() {
    return marks.shedding();
  }

  /** Replaces the marks; the next question is answered under the new ones. */
  public void marks(Shedding value) {
    marks = new Marks(value);
  }
}
