package dev.parley.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain HTTP on its own port (loopback by default) for monitoring: {@code GET /metrics} (Prometheus
 * text format), {@code /health/live} (the process answers) and {@code /health/ready} (storage open and
 * accepting writes, listener up). Served by the JDK's HTTP server on one thread of its own, never on
 * an event loop.
 */
public final class MetricsHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricsHttpServer.class);
  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds {@code host:port} (0 = any free port). {@code scrape} is empty when the meter registry is not
   * a Prometheus one; /metrics then answers 404.
   */
  public static MetricsHttpServer start(String host, int port, Optional<Supplier<String>> scrape, BooleanSupplier ready) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the metrics port " + host + ":" + port, e);
    }
    ExecutorService executor =
        Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("parley-metrics-http").daemon(true).unstarted(r));
    server.setExecutor(executor);
    server.createContext("/metrics", ex -> {
      if (scrape.isEmpty()) respond(ex, 404, "text/plain", "no Prometheus registry\n");
      else respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", scrape.get().get());
    });
    server.createContext("/health/live", ex -> respond(ex, 200, "text/plain", "live\n"));
    server.createContext("/health/ready", ex -> {
      if (ready.getAsBoolean()) respond(ex, 200, "text/plain", "ready\n");
      else respond(ex, 503, "text/plain", "not ready\n");
    });
    server.start();
    log.info("metrics and health on http://{}:{}/", host, server.getAddress().getPort());
    return new MetricsHttpServer(server, executor);
  }

  private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
