package dev.parley.server.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A latency distribution in microseconds (1 µs to 10 min, 3 significant digits). Recording is
 * wait-free from any thread; {@link #interval} and {@link #total} are for one reporting thread.
 * What is recorded before {@link #reset} (the warm-up) is dropped.
 */
final class Latency {
  private static final long MAX_MICROS = 600_000_000L;
  private final Recorder recorder = new Recorder(MAX_MICROS, 3);
  private final Histogram total = new Histogram(MAX_MICROS, 3);
  private Histogram reuse;

  void recordNanos(long nanos) {
    recorder.recordValue(Math.min(MAX_MICROS, Math.max(1, nanos / 1_000)));
  }

  /** What was recorded since the last call, also added to the total. */
  synchronized Histogram interval() {
    reuse = recorder.getIntervalHistogram(reuse);
    total.add(reuse);
    return reuse;
  }

  /** Drops everything recorded so far. */
  synchronized void reset() {
    reuse = recorder.getIntervalHistogram(reuse);
    total.reset();
  }

  /** Everything since the last reset. */
  synchronized Histogram total() {
    interval();
    return total.copy();
  }

  /** p50, p90, p99, p99.9 and max in milliseconds, and the count, for the JSON report. */
  static Map<String, Object> summary(Histogram h) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", h.getTotalCount());
    out.put("p50_ms", ms(h.getValueAtPercentile(50)));
    out.put("p90_ms", ms(h.getValueAtPercentile(90)));
    out.put("p99_ms", ms(h.getValueAtPercentile(99)));
    out.put("p99_9_ms", ms(h.getValueAtPercentile(99.9)));
    out.put("max_ms", ms(h.getMaxValue()));
    return out;
  }

  static double ms(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }
}
