package dev.parley.server.admission;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Event-loop lag, the CPU load signal: how late a no-op task runs on each I/O event loop. Every
 * {@code interval} each loop runs a probe scheduled for that moment; its lateness is folded into the
 * loop's smoothed lag, an exponentially weighted average with weight 1/8 per probe: a sustained lag
 * shows within a few intervals, while a single stall (a GC pause, a cold start's class loading) moves
 * it only an eighth of its length. A probe that is overdue right now is counted as if it ran now, so
 * a stalled loop is seen while it is stalled, not only once it catches up. The server's lag is its
 * busiest loop's: every connection is confined to one loop, and the sessions on the busiest one are
 * those a surge hurts first.
 *
 * <p>Thread-safety: each probe runs on its own loop and is the only writer of its fields; {@link
 * #lagNanos} reads them from any thread, lock-free. Cost: one scheduled task per loop per interval,
 * nothing queued beyond it. Time is a monotonic ticker ({@code System::nanoTime} in the server), not
 * the server's {@code Clock}: a wall clock stepping, or a test clock moved by hand, would read as lag.
 *
 * <p>Meters: {@code parley.eventloop.lag{loop}} (each loop's smoothed lag) and {@code
 * parley.eventloop.lag.max} (the one admission control uses).
 */
public final class EventLoopLag {
  /** The smoothing weight of one probe is 1 / 2^WEIGHT_SHIFT. */
  private static final int WEIGHT_SHIFT = 3;

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final MeterRegistry registry;
  private volatile List<Probe> probes = List.of();
  private volatile boolean stopped;

  public EventLoopLag(Duration interval, LongSupplier nanoTime, MeterRegistry registry) {
    if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be > 0: " + interval);
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
    this.registry = registry;
    TimeGauge.builder("parley.eventloop.lag.max", this, TimeUnit.NANOSECONDS, EventLoopLag::lagNanos)
        .description("the busiest I/O event loop's smoothed lag")
        .register(registry);
  }

  /**
   * Starts probing each of {@code loops}; a probe stops by itself once its loop shuts down. Call
   * once, from any thread.
   */
  public void start(Iterable<? extends EventExecutor> loops) {
    if (!probes.isEmpty()) throw new IllegalStateException("already started");
    List<Probe> started = new ArrayList<>();
    for (EventExecutor loop : loops) {
      Probe p = new Probe(loop);
      TimeGauge.builder("parley.eventloop.lag", p, TimeUnit.NANOSECONDS, x -> x.lagNanos(nanoTime.getAsLong()))
          .tag("loop", Integer.toString(started.size()))
          .register(registry);
      started.add(p);
    }
    probes = List.copyOf(started);
    started.forEach(Probe::arm);
  }

  /** Stops probing; the lag reads 0 from now on. */
  public void stop() {
    stopped = true;
  }

  /** The busiest loop's lag now, in nanoseconds: 0 before {@link #start} and after {@link #stop}. Any thread. */
  public long lagNanos() {
    if (stopped) return 0;
    long now = nanoTime.getAsLong();
    long max = 0;
    for (Probe p : probes) max = Math.max(max, p.lagNanos(now));
    return max;
  }

  /** One loop's probe: re-arms itself after each run. */
  private final class Probe implements Runnable {
    private final EventExecutor loop;
    /** When the pending run is due (ticker nanos). */
    private volatile long dueNanos;
    private volatile long smoothedNanos;
    /** False once the loop refused the next run (it is shutting down) or probing stopped. */
    private volatile boolean armed;

    Probe(EventExecutor loop) {
      this.loop = loop;
    }

    void arm() {
      if (stopped || loop.isShuttingDown()) {
        armed = false;
        return;
      }
      dueNanos = nanoTime.getAsLong() + intervalNanos;
      armed = true;
      try {
        loop.schedule(this, intervalNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException shuttingDown) {
        armed = false;
      }
    }

    @Override
    public void run() {
      smoothedNanos = smoothed(smoothedNanos, nanoTime.getAsLong() - dueNanos);
      arm();
    }

    long lagNanos(long nowNanos) {
      // A loop shutting down drops its scheduled probe: its overdue time is not lag.
      if (!armed || stopped || loop.isShuttingDown()) return 0;
      long s = smoothedNanos;
      long overdueNanos = nowNanos - dueNanos;
      return overdueNanos > s ? smoothed(s, overdueNanos) : s;
    }
  }

  /** {@code s} moved toward {@code lateNanos} by one probe's weight; the shift floors, so an idle loop decays to exactly 0. */
  private static long smoothed(long s, long lateNanos) {
    return s + ((Math.max(0, lateNanos) - s) >> WEIGHT_SHIFT);
  }
}
