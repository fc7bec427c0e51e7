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
    Sync sync,
    Receipts receipts,
    Presence presence,
    Operations operations,
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
      int writeBufferLowBytes, int maxGroupMembers, int maxE2eGroupMembers) {
    public Limits {
      Checks.range("limits.max-frame-bytes", maxFrameBytes, 1024, 16 << 20);
      Checks.range("limits.max-body-bytes", maxBodyBytes, 1, maxFrameBytes - 512);
      Checks.duration("limits.max-ttl", maxTtl);
      Checks.range("limits.max-in-flight-sends", maxInFlightSends, 1, 1 << 16);
      Checks.range("limits.write-buffer-low-bytes", writeBufferLowBytes, 1024, writeBufferHighBytes);
      Checks.range("limits.max-group-members", maxGroupMembers, 2, 10_000_000);
      // Every member device is listed in one GroupDevices frame, and every rotation costs one pairwise
      // message per member device: both grow with this.
      Checks.range("limits.max-e2e-group-members", maxE2eGroupMembers, 0, 5_000);
    }

    public Limits withMaxE2eGroupMembers(int members) {
      return new Limits(maxFrameBytes, maxBodyBytes, maxTtl, maxInFlightSends, writeBufferHighBytes, writeBufferLowBytes,
          maxGroupMembers, members);
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

  /**
   * {@code groupCursorPersistInterval}: how often, at most, a member device's group cursor is written
   * while it keeps acknowledging (0 = at every read burst, as 1:1 acks are).
   */
  public record Delivery(int window, int pageSize, Duration groupCursorPersistInterval) {
    public Delivery {
      Checks.range("delivery.window", window, 1, 1 << 16);
      Checks.range("delivery.page-size", pageSize, 1, window);
      if (groupCursorPersistInterval.isNegative() || groupCursorPersistInterval.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("delivery.group-cursor-persist-interval must be 0 to 1m");
      }
    }

    public Delivery(int window, int pageSize) {
      this(window, pageSize, Duration.ofSeconds(1));
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

  /**
   * Sync (docs/protocol.md, "Sync"): how far behind a group a device may be before it gets a
   * snapshot of the newest {@code snapshotSeqs} seqs instead of the whole gap, the most entries
   * per Sync page, and the most entries per GetHistory page (docs/protocol.md, "History").
   */
  public record Sync(int maxGroupCatchUp, int snapshotSeqs, int maxPageEntries, int historyPageSize) {
    /** The default history page size (GetHistory), as in reference.conf. */
    public static final int DEFAULT_HISTORY_PAGE_SIZE = 100;

    public Sync {
      Checks.range("sync.max-group-catch-up", maxGroupCatchUp, 1, 1 << 30);
      Checks.range("sync.snapshot-seqs", snapshotSeqs, 1, maxGroupCatchUp);
      Checks.range("sync.max-page-entries", maxPageEntries, 1, 4096);
      Checks.range("sync.history-page-size", historyPageSize, 1, 4096);
    }

    public Sync(int maxGroupCatchUp, int snapshotSeqs, int maxPageEntries) {
      this(maxGroupCatchUp, snapshotSeqs, maxPageEntries, DEFAULT_HISTORY_PAGE_SIZE);
    }
  }

  /** Receipts: group posts get delivered/read receipts only in groups up to this size, never in channels. */
  public record Receipts(int maxGroupMembers) {
    public Receipts {
      Checks.range("receipts.max-group-members", maxGroupMembers, 0, 10_000);
    }
  }

  /** Presence: what the in-memory presence state may hold, and how often one user's changes are told. */
  public record Presence(int maxSubscriptions, int maxContacts, int lastSeenCapacity, Duration noticeInterval) {
    public Presence {
      Checks.range("presence.max-subscriptions", maxSubscriptions, 0, 100_000);
      Checks.range("presence.max-contacts", maxContacts, 0, 1_000_000);
      Checks.range("presence.last-seen-capacity", lastSeenCapacity, 0, 100_000_000);
      Checks.duration("presence.notice-interval", noticeInterval);
    }
  }

  /**
   * The operator's endpoints. The admin socket defaults to {@code <data-dir>/admin.sock}; the admin
   * TCP endpoint (port 0 = off) is for containers and only ever on a loopback address, with a token.
   */
  public record Operations(
      Optional<Path> adminSocket, String adminTcpHost, int adminTcpPort, Optional<Path> adminTokenFile,
      boolean metricsEnabled, String metricsHost, int metricsPort) {
    public Operations {
      Checks.range("admin.tcp-port", adminTcpPort, 0, 65535);
      Checks.range("metrics.port", metricsPort, 0, 65535);
      if (adminTcpPort != 0 && adminTokenFile.isEmpty()) {
        throw new IllegalArgumentException("admin.tcp-port needs admin.token-file");
      }
      if (adminTcpPort != 0 && !Checks.loopback(adminTcpHost)) {
        throw new IllegalArgumentException("admin.tcp-host must be a loopback address, not " + adminTcpHost);
      }
      if (metricsHost.isBlank()) throw new IllegalArgumentException("metrics.host is empty");
    }

    public Operations withMetricsHost(String host) {
      return new Operations(adminSocket, adminTcpHost, adminTcpPort, adminTokenFile, metricsEnabled, host, metricsPort);
    }

    public Operations withMetricsPort(int port) {
      return new Operations(adminSocket, adminTcpHost, adminTcpPort, adminTokenFile, metricsEnabled, metricsHost, port);
    }
  }

  /** Where the admin socket is: the configured path, else {@code <data-dir>/admin.sock}. */
  public Path adminSocketPath() {
    return operations.adminSocket().orElse(dataDir.resolve("admin.sock"));
  }

  public ServerConfig withPort(int value) {
    return new ServerConfig(host, value, dataDir, ioThreads, tls, limits, timeouts, delivery, storage, sync, receipts, presence, operations, admission);
  }

  public ServerConfig withDataDir(Path value) {
    return new ServerConfig(host, port, value, ioThreads, tls, limits, timeouts, delivery, storage, sync, receipts, presence, operations, admission);
  }

  public ServerConfig withHost(String value) {
    return new ServerConfig(value, port, dataDir, ioThreads, tls, limits, timeouts, delivery, storage, sync, receipts, presence, operations, admission);
  }

  public ServerConfig withTimeouts(Timeouts value) {
    return new ServerConfig(host, port, dataDir, ioThreads, tls, limits, value, delivery, storage, sync, receipts, presence, operations, admission);
  }

  public ServerConfig withDelivery(Delivery value) {
    return new ServerConfig(host, port, dataDir, ioThreads, tls, limits, timeouts, value, storage, sync, receipts, presence, operations, admission);
  }

  public ServerConfig withLimits(Limits value) {
    return new ServerConfig(host, port, dataDir, ioThreads, tls, value, timeouts, delivery, storage, sync, receipts, presence, operations, admission);
  }

  public ServerConfig withSync(Sync value) {
    return new ServerConfig(host, port, dataDir, ioThreads, tls, limits, timeouts, delivery, storage, value, receipts, presence, operations, admission);
  }

  public ServerConfig withReceipts(Receipts value) {
    return new ServerConfig(host, port, dataDir, ioThreads, tls, limits, timeouts, delivery, storage, sync, value, presence, operations, admission);
  }

  public ServerConfig withPresence(Presence value) {
    return new ServerConfig(host, port, dataDir, ioThreads, tls, limits, timeouts, delivery, storage, sync, receipts, value, operations, admission);
  }

  public ServerConfig withOperations(Operations value) {
    return new ServerConfig(host, port, dataDir, ioThreads, tls, limits, timeouts, delivery, storage, sync, receipts, presence, value, admission);
  }

  public ServerConfig withAdmission(AdmissionConfig value) {
    return new ServerConfig(host, port, dataDir, ioThreads, tls, limits, timeouts, delivery, storage, sync, receipts, presence, operations, value);
  }
}
