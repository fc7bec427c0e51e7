package dev.parley.server.cli;

import dev.parley.protocol.sdk.ServerAddress;
import dev.parley.server.bootstrap.ParleyServer;
import dev.parley.server.config.ConfigLoader;
import dev.parley.server.config.ServerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the server in the foreground until SIGTERM or Ctrl-C, then shuts down gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Parley server in the foreground.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @Option(names = "--port", description = "Client port (default 7420; 0 = any free port).")
  Integer port;

  @Option(names = "--data", description = "Data directory (default ./data).")
  Path data;

  @Option(names = "--config", description = "Config file (HOCON); see docs/configuration.md.")
  Path config;

  @Option(names = "--host", description = "Address to listen on (default 0.0.0.0).")
  String host;

  @Option(names = "--metrics-port", description = "Metrics and health port (default 9420; 0 = any free port).")
  Integer metricsPort;

  @Option(names = "--metrics-host", description = "Metrics and health address (default 127.0.0.1).")
  String metricsHost;

  @Override
  public Integer call() {
    ServerConfig cfg;
    try {
      cfg = config == null ? ConfigLoader.defaults() : ConfigLoader.load(config);
      if (port != null) cfg = cfg.withPort(port);
      if (data != null) cfg = cfg.withDataDir(data);
      if (host != null) cfg = cfg.withHost(host);
      if (metricsPort != null) cfg = cfg.withOperations(cfg.operations().withMetricsPort(metricsPort));
      if (metricsHost != null) cfg = cfg.withOperations(cfg.operations().withMetricsHost(metricsHost));
    } catch (IllegalArgumentException e) {
      System.err.println("parley: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    ParleyServer server;
    try {
      server = ParleyServer.start(cfg, Clock.systemUTC(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    } catch (RuntimeException e) {
      log.debug("start failed", e);
      System.err.println("parley: cannot start the server: " + rootCause(e));
      return ExitCodes.CANNOT_START;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
      // A clean stop on SIGTERM exits 0 (not 143), so supervisors see a normal exit.
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(ExitCodes.OK);
    }, "parley-shutdown"));
    // Machine-readable readiness line on stdout (logs go to stderr): scripts and tests wait for it.
    System.out.println("parley: ready on " + new ServerAddress(cfg.host(), server.address().getPort())
        + " fingerprint " + server.fingerprint().toHex());
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.debug("serve command done");
    return ExitCodes.OK;
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    String outer = e.getMessage() == null ? "" : e.getMessage();
    return t == e || outer.contains(message) ? message : outer + " (" + message + ")";
  }
}
