package dev.parley.server.cli.bench;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Prints one progress line a second to stderr while a phase runs (unless quiet). */
final class Progress implements AutoCloseable {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bench-progress");
    t.setDaemon(true);
    return t;
  });
  private final PrintStream out;
  private final boolean quiet;
  private final long startNanos = System.nanoTime();
  private volatile String phase = "";
  private volatile Supplier<String> line = () -> "";

  Progress(PrintStream out, boolean quiet) {
    this.out = out;
    this.quiet = quiet;
    timer.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
  }

  /** Starts a new phase whose progress line {@code line} builds (called once a second). */
  void phase(String name, Supplier<String> line) {
    this.phase = name;
    this.line = line;
    if (!quiet) out.printf("[%6.1fs] %s%n", elapsedSeconds(), name);
  }

  /** One line now, outside the once-a-second rhythm. */
  void note(String text) {
    if (!quiet) out.printf("[%6.1fs] %s%n", elapsedSeconds(), text);
  }

  private void print() {
    if (quiet) return;
    try {
      String text = line.get();
      if (!text.isEmpty()) out.printf("[%6.1fs] %-12s %s%n", elapsedSeconds(), phase, text);
    } catch (RuntimeException e) {
      // A progress line must never stop the run.
    }
  }

  private double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
