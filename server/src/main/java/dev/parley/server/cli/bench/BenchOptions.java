package dev.parley.server.cli.bench;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options every scenario takes (a picocli mixin). */
final class BenchOptions {
  @Option(names = "--server", paramLabel = "HOST:PORT",
      description = "Load this running server (loopback only). Default: start a child `parley serve` on a temp data dir.")
  String server;

  @Option(names = "--fingerprint", paramLabel = "HEX",
      description = "With --server: the server certificate's SHA-256 fingerprint (default: trust what it presents).")
  String fingerprint;

  @Option(names = "--server-pid", paramLabel = "PID",
      description = "With --server: the server's process id, to read its CPU and memory from /proc.")
  Long serverPid;

  @Option(names = "--in-process", description = "Run the server inside the bench JVM (its CPU is then not separable).")
  boolean inProcess;

  @Option(names = "--server-config", paramLabel = "FILE", description = "Config file for the server the bench starts.")
  Path serverConfig;

  @Option(names = "--server-jvm-opts", paramLabel = "OPTS",
      description = "Extra JVM options for the child server, space-separated (e.g. -XX:StartFlightRecording=...).")
  String serverJvmOpts = "";

  @Option(names = "--data", paramLabel = "DIR", description = "Data directory of the server the bench starts (default: a new temp dir).")
  Path data;

  @Option(names = "--driver", paramLabel = "sdk|raw",
      description = "sdk: ParleyClient with end-to-end encryption (the default, except for idle). raw: protocol frames with pre-made payloads (server cost only).")
  String driver;

  @Option(names = "--duration", paramLabel = "SECONDS", description = "Measured time (default ${DEFAULT-VALUE}).")
  int durationSeconds = 10;

  @Option(names = "--warmup", paramLabel = "SECONDS", description = "Unmeasured time before it (default ${DEFAULT-VALUE}).")
  int warmupSeconds = 3;

  @Option(names = "--users", paramLabel = "N", description = "Users (devices) in the scenario; each scenario has its own default.")
  Integer users;

  @Option(names = "--rate", paramLabel = "PER_SECOND", description = "Open loop at this many operations/s; 0 = closed loop (default).")
  double rate;

  @Option(names = "--loops", paramLabel = "N", description = "Client event loop threads (default ${DEFAULT-VALUE}).")
  int loops = 2;

  @Option(names = "--shard", paramLabel = "I/N",
      description = "This process is shard I of N (from 0): takes 1/N of the users and rate, with its own user names.")
  String shard = "0/1";

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON to FILE ('-' = stdout, table to stderr).")
  String json;

  @Option(names = "--quiet", description = "No progress lines.")
  boolean quiet;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Longest wait for stragglers after the load stops (default ${DEFAULT-VALUE}).")
  int timeoutSeconds = 20;

  boolean driverExplicit() {
    return driver != null;
  }

  Duration duration() {
    return Duration.ofSeconds(durationSeconds);
  }

  int shardIndex() {
    return Integer.parseInt(shard.substring(0, shard.indexOf('/')));
  }

  int shardCount() {
    return Integer.parseInt(shard.substring(shard.indexOf('/') + 1));
  }

  /** This shard's part of {@code total} (at least 1 where total is at least 1). */
  int share(int total) {
    int n = shardCount();
    int i = shardIndex();
    return Math.max(total > 0 ? 1 : 0, total / n + (i < total % n ? 1 : 0));
  }

  double shareOfRate() {
    return rate / shardCount();
  }

  void check() {
    if (!shard.matches("\\d+/\\d+") || shardCount() < 1 || shardIndex() >= shardCount()) {
      throw new IllegalArgumentException("--shard must be I/N with 0 <= I < N, got " + shard);
    }
    if (driver != null && !driver.equals("sdk") && !driver.equals("raw")) throw new IllegalArgumentException("--driver is sdk or raw");
    if (durationSeconds < 1 || durationSeconds > 3600) throw new IllegalArgumentException("--duration is 1..3600 s");
    if (warmupSeconds < 0 || warmupSeconds > 600) throw new IllegalArgumentException("--warmup is 0..600 s");
    if (rate < 0) throw new IllegalArgumentException("--rate >= 0");
    if (loops < 1 || loops > 64) throw new IllegalArgumentException("--loops is 1..64");
    if (server != null && inProcess) throw new IllegalArgumentException("--server and --in-process exclude each other");
  }
}
