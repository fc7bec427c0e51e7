package dev.parley.server.admin;

import dev.parley.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration in force, as {@code config show} prints it, with the option names of
 * reference.conf. Secrets are never shown: the config holds only the paths of the TLS key and the
 * admin token, and those files' contents are not read here.
 */
final class ConfigView {
  private ConfigView() {}

  static Map<String, Object> of(ServerConfig c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("listen.host", c.host());
    m.put("listen.port", c.port());
    m.put("data-dir", c.dataDir().toAbsolutePath().toString());
    m.put("io-threads", c.ioThreads());
    m.put("tls.cert-file", path(c.tls().certFile()));
    m.put("tls.key-file", c.tls().keyFile().isPresent() ? "<redacted: set>" : "");
    m.put("tls.protocols", c.tls().protocols());
    var l = c.limits();
    m.put("limits.max-frame-bytes", l.maxFrameBytes());
    m.put("limits.max-body-bytes", l.maxBodyBytes());
    m.put("limits.max-ttl", l.maxTtl().toString());
    m.put("limits.max-in-flight-sends", l.maxInFlightSends());
    m.put("limits.write-buffer-high-bytes", l.writeBufferHighBytes());
    m.put("limits.write-buffer-low-bytes", l.writeBufferLowBytes());
    m.put("limits.max-group-members", l.maxGroupMembers());
    m.put("limits.max-e2e-group-members", l.maxE2eGroupMembers());
    var t = c.timeouts();
    m.put("timeouts.handshake", t.handshake().toString());
    m.put("timeouts.idle", t.idle().toString());
    m.put("timeouts.ping-interval", t.pingInterval().toString());
    m.put("timeouts.write-stall", t.writeStall().toString());
    m.put("timeouts.shutdown-grace", t.shutdownGrace().toString());
    m.put("delivery.window", c.delivery().window());
    m.put("delivery.page-size", c.delivery().pageSize());
    m.put("delivery.group-cursor-persist-interval", c.delivery().groupCursorPersistInterval().toString());
    var s = c.storage();
    m.put("storage.sync", s.sync());
    m.put("storage.commit-queue-capacity", s.commitQueueCapacity());
    m.put("storage.max-batch-size", s.maxBatchSize());
    m.put("storage.dedup-window", s.dedupWindow().toString());
    m.put("storage.sweep-interval", s.sweepInterval().toString());
    m.put("sync.max-group-catch-up", c.sync().maxGroupCatchUp());
    m.put("sync.snapshot-seqs", c.sync().snapshotSeqs());
    m.put("sync.max-page-entries", c.sync().maxPageEntries());
    m.put("sync.history-page-size", c.sync().historyPageSize());
    m.put("receipts.max-group-members", c.receipts().maxGroupMembers());
    var p = c.presence();
    m.put("presence.max-subscriptions", p.maxSubscriptions());
    m.put("presence.max-contacts", p.maxContacts());
    m.put("presence.last-seen-capacity", p.lastSeenCapacity());
    m.put("presence.notice-interval", p.noticeInterval().toString());
    var a = c.admission();
    // The buckets as configured; `limits show` gives them as in force (they change at runtime).
    a.buckets().forEach((name, b) -> {
      m.put("admission." + name + ".rate", b.ratePerSecond());
      m.put("admission." + name + ".burst", b.burst());
    });
    m.put("admission.max-pending-handshakes", a.maxPendingHandshakes());
    m.put("admission.max-pending-authentications", a.maxPendingAuthentications());
    m.put("admission.max-tracked-keys", a.maxTrackedKeys());
    // The shedding marks as configured; `limits show` gives them as in force.
    m.put("admission.shed-at-commit-queue-fraction", a.shedding().commitQueueFraction());
    m.put("admission.shed-ephemeral-at-loop-lag", a.shedding().ephemeralAtLoopLag().toString());
    m.put("admission.shed-new-sessions-at-loop-lag", a.shedding().newSessionsAtLoopLag().toString());
    m.put("admission.loop-lag-probe-interval", a.loopLagProbeInterval().toString());
    m.put("admission.max-queued-bytes-per-connection", a.maxQueuedBytesPerConnection());
    m.put("admission.resumption.ttl", a.resumptionTtl().toString());
    m.put("admission.resumption.max-tokens", a.maxResumptionTokens());
    var o = c.operations();
    m.put("admin.socket", c.adminSocketPath().toAbsolutePath().toString());
    m.put("admin.tcp-host", o.adminTcpHost());
    m.put("admin.tcp-port", o.adminTcpPort());
    m.put("admin.token-file", o.adminTokenFile().isPresent() ? "<redacted: set>" : "");
    m.put("metrics.enabled", o.metricsEnabled());
    m.put("metrics.host", o.metricsHost());
    m.put("metrics.port", o.metricsPort());
    return m;
  }

  private static String path(Optional<Path> p) {
    return p.map(x -> x.toAbsolutePath().toString()).orElse("");
  }
}
