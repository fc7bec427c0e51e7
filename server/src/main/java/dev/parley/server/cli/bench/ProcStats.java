package dev.parley.server.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * CPU time and resident memory of a process, from Linux's /proc. CPU comes from fields 14 and 15
 * (utime, stime) of /proc/PID/stat in clock ticks, assumed 100 per second (USER_HZ on every
 * mainstream Linux build), so its resolution is 10 ms: read it over runs of seconds, not per
 * operation. Empty where /proc is missing (not Linux) or the process is gone.
 */
final class ProcStats {
  private static final long MICROS_PER_TICK = 10_000;

  private ProcStats() {}

  /** User plus system CPU time of {@code pid} in microseconds. */
  static OptionalLong cpuMicros(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return OptionalLong.of(ticks * MICROS_PER_TICK);
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** Resident set size of {@code pid} in bytes (VmRSS of /proc/PID/status). */
  static OptionalLong rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
        }
      }
      return OptionalLong.empty();
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** Open file descriptors of {@code pid}. */
  static OptionalLong openFds(long pid) {
    try (var s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return OptionalLong.of(s.count());
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** This process's own CPU time in microseconds (all threads), from the JVM. */
  static long selfCpuMicros() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime() / 1_000;
    return cpuMicros(ProcessHandle.current().pid()).orElse(0);
  }
}
