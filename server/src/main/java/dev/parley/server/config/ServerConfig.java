package dev.parley.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The whole server configuration, checked once at startup. Bad values are refused, never corrected. */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    int ioThreads,
    Tls tls,
    Limits limits,
    Timeouts timeouts,
    Delivery delivery,
    Storage storage,
    AdmissionConfig admission) {

  public ServerConfig {
    Checks.range("listen.port", port, 0, 65535);
    Checks.range("io-threads", ioThreads, 0, 1024);
    if (host.isBlank()) throw new IllegalArgumentException("listen.host is empty");
  }

  /** Where the TLS certificate comes from; both empty = self-signed in the data dir. */
  public record Tls(Optional<Path> certFile, Optional<Path> keyFile, List<String> protocols) {
    public Tls {
      if (certFile.isPresent() != keyFile.isPresent()) {
        throw new IllegalArgumentException("tls.cert-file and tls.key-file must be set together");
      }
      if (protocols.isEmpty()) throw new IllegalArgumentException("tls.protocols is empty");
      protocols = List.copyOf(protocols);
    }
  }

  public record Limits(
      int maxFrameBytes, int maxBodyBytes, Duration maxTtl, int maxInFlightSends, int writeBufferHighBytes,
      int writeBufferLowBytes, int maxGroupMembers) {
    public Limits {
      Checks.range("limits.max-frame-bytes", maxFrameBytes, 1024, 16 << 20);
      Checks.range("limits.max-body-bytes", maxBodyBytes, 1, maxFrameBytes - 512);
      Checks.duration("limits.max-ttl", maxTtl);
      Checks.range("limits.max-in-flight-sends", maxInFlightSends, 1, 1 << 16);
      Checks.range("limits.write-buffer-low-bytes", writeBufferLowBytes, 1024, writeBufferHighBytes);
      Checks.range("limits.max-group-members", maxGroupMembers, 2, 10_000_000);
    }
  }

  public record Timeouts(Duration handshake, Duration idle, Duration pingInterval, Duration writeStall,
      Duration shutdownGrace) {
    public Timeouts {
      Checks.positive("timeouts.handshake", handshake);
      Checks.positive("timeouts.ping-interval", pingInterval);
      if (idle.compareTo(pingInterval) <= 0) throw new IllegalArgumentException("timeouts.idle must exceed ping-interval");
      Checks.positive("timeouts.write-stall", writeStall);
      Checks.positive("timeouts.shutdown-grace", shutdownGrace);
    }
  }

  public record Delivery(int window, int pageSize) {
    public Delivery {
      Checks.range("delivery.window", window, 1, 1 << 16);
      Checks.range("delivery.page-size", pageSize, 1, window);
    }
  }

  public record Storage(String sync, int commitQueueCapacity, int maxBatchSize, Duration dedupWindow,
      Duration sweepInterval) {
    public Storage {
      if (!sync.equals("fsync") && !sync.equals("async")) {
        throw new IllegalArgumentException("storage.sync must be fsync or async, not " + sync);
      }
      Checks.range("storage.commit-queue-capacity", commitQueueCapacity, 1, 1 << 22);
      Checks.range("storage.max-batch-size", maxBatchSize, 1, 1 << 16);
      Checks.duration("storage.dedup-window", dedupWindow);
      Checks.duration("storage.sweep-interval", sweepInterval);
    }
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, dataDir, ioThreads, tls, limits, timeouts, delivery, storage, admission);
  }

  public ServerConfig withDataDir(Path dir) {
    return new ServerConfig(host, port, dir, ioThreads, tls, limits, timeouts, delivery, storage, admission);
  }

  public ServerConfig withHost(String newHost) {
    return new ServerConfig(newHost, port, dataDir, ioThreads, tls, limits, timeouts, delivery, storage, admission);
  }

  public ServerConfig withTimeouts(Timeouts t) {
    return new ServerConfig(host, port, dataDir, ioThreads, tls, limits, t, delivery, storage, admission);
  }

  public ServerConfig withDelivery(Delivery d) {
    return new ServerConfig(host, port, dataDir, ioThreads, tls, limits, timeouts, d, storage, admission);
  }

  public ServerConfig withAdmission(AdmissionConfig a) {
    return new ServerConfig(host, port, dataDir, ioThreads, tls, limits, timeouts, delivery, storage, a);
  }

  public ServerConfig withLimits(Limits l) {
    return new ServerConfig(host, port, dataDir, ioThreads, tls, l, timeouts, delivery, storage, admission);
  }
}
