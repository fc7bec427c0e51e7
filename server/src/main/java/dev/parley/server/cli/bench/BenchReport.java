package dev.parley.server.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one scenario measured: headline figures with their targets, latency distributions, raw
 * counts, CPU of the server and of the load generator, and notes. Printed as a table for people and
 * as one JSON object for scripts ({@code --json}). Filled by one thread.
 */
final class BenchReport {
  /** A headline figure; {@code target} is null where the issue sets none. */
  record Figure(String name, double value, String unit, Double target, boolean higherIsBetter) {
    Boolean met() {
      if (target == null) return null;
      return higherIsBetter ? value >= target : value <= target;
    }
  }

  private final String scenario;
  private final Map<String, Object> setup = new LinkedHashMap<>();
  private final List<Figure> figures = new ArrayList<>();
  private final Map<String, Map<String, Object>> latencies = new LinkedHashMap<>();
  private final Map<String, Object> counts = new LinkedHashMap<>();
  private final Map<String, Object> cpu = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  BenchReport(String scenario) {
    this.scenario = scenario;
  }

  BenchReport setup(String key, Object value) {
    setup.put(key, value);
    return this;
  }

  BenchReport figure(String name, double value, String unit) {
    figures.add(new Figure(name, value, unit, null, true));
    return this;
  }

  /** A figure with a target it should reach ({@code higherIsBetter}) or stay under. */
  BenchReport figure(String name, double value, String unit, double target, boolean higherIsBetter) {
    figures.add(new Figure(name, value, unit, target, higherIsBetter));
    return this;
  }

  BenchReport latency(String name, Histogram h) {
    latencies.put(name, Latency.summary(h));
    return this;
  }

  BenchReport count(String name, Object value) {
    counts.put(name, value);
    return this;
  }

  BenchReport cpu(String key, Object value) {
    cpu.put(key, value);
    return this;
  }

  BenchReport note(String text) {
    notes.add(text);
    return this;
  }

  List<Figure> figures() {
    return figures;
  }

  Map<String, Object> asMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("scenario", scenario);
    out.put("setup", setup);
    List<Map<String, Object>> fs = new ArrayList<>();
    for (Figure f : figures) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", f.name());
      m.put("value", round(f.value()));
      m.put("unit", f.unit());
      if (f.target() != null) {
        m.put("target", f.target());
        m.put("met", f.met());
      }
      fs.add(m);
    }
    out.put("figures", fs);
    out.put("latencies", latencies);
    out.put("counts", counts);
    out.put("cpu", cpu);
    out.put("notes", notes);
    return out;
  }

  String json() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(asMap());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  void printTable(PrintStream out) {
    out.println();
    out.println("parley bench " + scenario);
    setup.forEach((k, v) -> out.printf("  %-28s %s%n", k, v));
    out.println();
    out.printf("  %-40s %16s  %-10s %14s  %s%n", "figure", "measured", "unit", "target", "");
    for (Figure f : figures) {
      String target = f.target() == null ? "" : (f.higherIsBetter() ? ">= " : "<= ") + fmt(f.target());
      String verdict = f.met() == null ? "" : f.met() ? "ok" : "BELOW TARGET";
      out.printf("  %-40s %16s  %-10s %14s  %s%n", f.name(), fmt(f.value()), f.unit(), target, verdict);
    }
    if (!latencies.isEmpty()) {
      out.println();
      out.printf("  %-32s %10s %9s %9s %9s %9s %9s%n", "latency (ms)", "count", "p50", "p90", "p99", "p99.9", "max");
      latencies.forEach((name, s) -> out.printf("  %-32s %10s %9s %9s %9s %9s %9s%n", name, s.get("count"),
          s.get("p50_ms"), s.get("p90_ms"), s.get("p99_ms"), s.get("p99_9_ms"), s.get("max_ms")));
    }
    if (!counts.isEmpty()) {
      out.println();
      counts.forEach((k, v) -> out.printf("  %-40s %s%n", k, v));
    }
    if (!cpu.isEmpty()) {
      out.println();
      cpu.forEach((k, v) -> out.printf("  %-40s %s%n", k, v));
    }
    for (String n : notes) out.println("  note: " + n);
    out.println();
  }

  private static double round(double v) {
    return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100.0;
  }

  private static String fmt(double v) {
    return Math.abs(v) >= 100 ? String.format("%,.0f", v) : String.format("%.2f", v);
  }
}
