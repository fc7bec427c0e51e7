package dev.parley.server.cli.bench;

import dev.parley.server.config.AdmissionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The config of a server the bench starts itself when no {@code --server-config} is given:
 * <ul>
 *   <li>every admission bucket wide open: the whole load comes from one address (127.0.0.1), so the
 *       per-address and per-prefix buckets, sized for real clients, would measure the limiter
 *       instead of the server;
 *   <li>groups signed, not end-to-end ({@code limits.max-e2e-group-members = 0}): the server's path
 *       is the same (one body stored once, pushed to every member), while sender-key distribution
 *       would make the load generator's crypto the thing measured. Except for group-start, whose
 *       point is that distribution: it keeps the default end-to-end limit;
 *   <li>the metrics port on any free port, so the bench runs beside a server on the default one;
 *   <li>no shedding on event-loop lag, except for the surge scenario, whose point it is.
 * </ul>
 * Pass {@code --server-config} to measure with the operator's settings.
 */
final class BenchServerConfig {
  private BenchServerConfig() {}

  static Path write(Path dir, boolean shedOnLoad) throws IOException {
    return write(dir, shedOnLoad, false);
  }

  /** {@code e2eGroups}: keep the default {@code limits.max-e2e-group-members} (group-start). */
  static Path write(Path dir, boolean shedOnLoad, boolean e2eGroups) throws IOException {
    StringBuilder conf = new StringBuilder("# Written by parley bench (see docs/benchmarks.md).\n");
    if (!e2eGroups) conf.append("parley.limits.max-e2e-group-members = 0\n");
    // Any free port: a bench server must not collide with a server (or another bench) on 9420.
    conf.append("parley.metrics.port = 0\n");
    conf.append("parley.admission {\n");
    for (String bucket : AdmissionConfig.BUCKET_NAMES) {
      conf.append("  ").append(bucket).append(" { rate = 1000000, burst = 10000000 }\n");
    }
    if (!shedOnLoad) {
      // A capacity run drives the server into overload on purpose; shedding would turn the figure
      // into the share of refusals. The surge scenario keeps the default marks.
      conf.append("  shed-ephemeral-at-loop-lag = 1m\n  shed-new-sessions-at-loop-lag = 1m\n");
    }
    conf.append("}\n");
    Path file = dir.resolve("bench-server.conf");
    Files.writeString(file, conf);
    return file;
  }
}
