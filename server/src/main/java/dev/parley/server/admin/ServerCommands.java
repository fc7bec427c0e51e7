package dev.parley.server.admin;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.protocol.v1.ServerNotice;
import dev.parley.server.admission.LimitsControl;
import dev.parley.server.config.AdmissionConfig;
import dev.parley.server.registration.RegistrationMode;
import dev.parley.server.router.DeviceSession;
import dev.parley.storage.admin.Invite;
import dev.parley.storage.admin.StorageStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;

/** status, stats, config show, log-level set, registration, invites, notice, limits. */
final class ServerCommands {
  private static final int MAX_NOTICE_CHARS = 2_000;
  private static final int INVITE_CODE_BYTES = 12;
  private final AdminContext ctx;
  private final SecureRandom random = new SecureRandom();

  ServerCommands(AdminContext ctx) {
    this.ctx = ctx;
  }

  void register(CommandTable table) {
    table
        .reads("status", a -> done(Reply.ok(status())))
        .reads("stats", this::stats)
        .reads("config.show", a -> done(Reply.ok(ConfigView.of(ctx.config()))))
        .changes("log-level.set", this::logLevel)
        .reads("registration.show", a -> done(Reply.ok(Map.of("mode", ctx.registration().mode().label()))))
        .changes("registration.set", this::registration)
        .changes("invites.create", this::createInvite)
        .reads("invites.list", a -> ctx.storage().admin().invites()
            .thenApply(list -> Reply.ok(Map.of("invites", list.stream().map(Views::invite).toList()))))
        .changes("invites.revoke", this::revokeInvite)
        .changes("notice", this::notice)
        .reads("limits.show", a -> done(Reply.ok(limits())))
        .changes("limits.set", this::setLimit)
        .changes("limits.shed", this::setShedding);
  }

  private Map<String, Object> status() {
    MeterRegistry meters = ctx.metrics().registry();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", ctx.version());
    m.put("uptime_seconds", Duration.ofMillis(ctx.clock().millis() - ctx.startedAtMs()).toSeconds());
    m.put("healthy", ctx.storage().healthy());
    m.put("connections", ctx.metrics().connections().get());
    m.put("sessions", ctx.router().size());
    m.put("registration_mode", ctx.registration().mode().label());
    Map<String, Object> queues = new LinkedHashMap<>();
    queues.put("commit", gauge(meters, "parley.commit.queue.depth"));
    queues.put("read", gauge(meters, "parley.read.queue.depth"));
    m.put("queue_depths", queues);
    return m;
  }

  private static long gauge(MeterRegistry meters, String name) {
    Gauge g = meters.find(name).gauge();
    return g == null ? 0 : (long) g.value();
  }

  private CompletableFuture<Reply> stats(Args args) {
    return ctx.storage().admin().stats().thenApply(s -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("storage", storage(s));
      Map<String, Object> counters = new TreeMap<>();
      ctx.metrics().registry().getMeters().stream()
          .filter(meter -> meter instanceof Counter && meter.getId().getName().startsWith("parley."))
          .map(Counter.class::cast)
          .forEach(c -> counters.put(c.getId().getName() + tagSuffix(c), (long) c.count()));
      m.put("counters", counters);
      m.put("status", status());
      return Reply.ok(m);
    });
  }

  private static String tagSuffix(Counter c) {
    if (c.getId().getTags().isEmpty()) return "";
    StringBuilder b = new StringBuilder("{");
    c.getId().getTags().forEach(t -> b.append(b.length() > 1 ? "," : "").append(t.getKey()).append('=').append(t.getValue()));
    return b.append('}').toString();
  }

  private static Map<String, Object> storage(StorageStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("estimated_keys", new TreeMap<>(s.estimatedKeys()));
    m.put("live_data_bytes", s.liveDataBytes());
    m.put("sst_files_bytes", s.sstFilesBytes());
    m.put("memtable_bytes", s.memtableBytes());
    m.put("block_cache_bytes", s.blockCacheBytes());
    m.put("pending_compaction_bytes", s.pendingCompactionBytes());
    return m;
  }

  private CompletableFuture<Reply> logLevel(Args args) {
    String logger = args.optional("logger").orElse(org.slf4j.Logger.ROOT_LOGGER_NAME);
    String raw = args.required("level");
    Level level = Level.toLevel(raw, null);
    if (level == null) return done(Reply.invalid("level must be one of TRACE DEBUG INFO WARN ERROR OFF"));
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return done(new Reply.Refused(dev.parley.protocol.admin.v1.AdminStatus.FAILED, "logging is not Logback"));
    }
    context.getLogger(logger).setLevel(level);
    return done(Reply.ok(Map.of("logger", logger, "level", level.toString())));
  }

  private CompletableFuture<Reply> registration(Args args) {
    String raw = args.required("mode");
    return RegistrationMode.parse(raw)
        .map(mode -> ctx.registration().set(mode).thenApply(m -> Reply.ok(Map.of("mode", m.label()))))
        .orElseGet(() -> done(Reply.invalid("mode must be open, invite or closed")));
  }

  private CompletableFuture<Reply> createInvite(Args args) {
    int uses = (int) args.longValue("uses", 1, 1, 1_000_000);
    long ttlHours = args.longValue("expires-in-hours", 0, 0, 24L * 3650);
    long now = ctx.clock().millis();
    String code = args.optional("code").orElseGet(this::newCode);
    if (!Invite.validCode(code)) return done(Reply.invalid("invite codes are 8-64 of A-Z a-z 0-9 _ -"));
    Invite invite = new Invite(code, uses, now, ttlHours == 0 ? 0 : now + Duration.ofHours(ttlHours).toMillis());
    return ctx.storage().admin().createInvite(invite).thenApply(created -> created
        ? Reply.ok(Views.invite(invite))
        : Reply.conflict("invite code exists: " + code));
  }

  private String newCode() {
    byte[] bytes = new byte[INVITE_CODE_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private CompletableFuture<Reply> revokeInvite(Args args) {
    String code = args.required("code");
    return ctx.storage().admin().revokeInvite(code).thenApply(found -> found
        ? Reply.ok(Map.of("revoked", code))
        : Reply.notFound("no such invite: " + code));
  }

  private CompletableFuture<Reply> notice(Args args) {
    String text = args.required("text");
    if (text.length() > MAX_NOTICE_CHARS) return done(Reply.invalid("notice over " + MAX_NOTICE_CHARS + " characters"));
    ServerFrame frame = ServerFrame.newBuilder()
        .setServerNotice(ServerNotice.newBuilder().setText(text).setSentAtMs(ctx.clock().millis()))
        .build();
    if (args.optional("user").isEmpty()) return done(Reply.ok(Map.of("sent_to_sessions", push(ctx.router().sessions(), frame))));
    return new UserCommands(ctx).resolve(args.required("user")).thenApply(a -> a
        .map(acct -> Reply.ok(Map.of("sent_to_sessions", push(ctx.router().sessionsOf(acct.id()), frame))))
        .orElseGet(() -> Reply.notFound("no such user: " + args.required("user"))));
  }

  private static int push(Collection<DeviceSession> sessions, ServerFrame frame) {
    sessions.forEach(s -> s.pushEphemeral(frame));
    return sessions.size();
  }

  private Map<String, Object> limits() {
    return Map.of("buckets", ctx.limits().list().stream().map(ServerCommands::bucket).toList(), "shedding", shedding());
  }

  private Map<String, Object> shedding() {
    AdmissionConfig.Shedding s = ctx.limits().shedding();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("commit_queue_fraction", s.commitQueueFraction());
    m.put("ephemeral_at_loop_lag_ms", s.ephemeralAtLoopLag().toMillis());
    m.put("new_sessions_at_loop_lag_ms", s.newSessionsAtLoopLag().toMillis());
    m.put("pressure", ctx.limits().pressure().name());
    return m;
  }

  /** Changes the shedding marks given; the others stay as they are. */
  private CompletableFuture<Reply> setShedding(Args args) {
    AdmissionConfig.Shedding now = ctx.limits().shedding();
    long maxMs = AdmissionConfig.Shedding.MAX_LAG.toMillis();
    try {
      double fraction = args.optional("commit-queue-fraction").isPresent()
          ? args.requiredDouble("commit-queue-fraction") : now.commitQueueFraction();
      long ephemeralMs = args.longValue("ephemeral-at-lag", now.ephemeralAtLoopLag().toMillis(), 0, maxMs);
      long newSessionsMs = args.longValue("new-sessions-at-lag", now.newSessionsAtLoopLag().toMillis(), 0, maxMs);
      ctx.limits().shedding(new AdmissionConfig.Shedding(
          fraction, Duration.ofMillis(ephemeralMs), Duration.ofMillis(newSessionsMs)));
    } catch (IllegalArgumentException e) {
      return done(Reply.invalid(e.getMessage()));
    }
    return done(Reply.ok(shedding()));
  }

  private static Map<String, Object> bucket(LimitsControl.BucketLimit b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", b.name());
    m.put("rate_per_second", b.ratePerSecond());
    m.put("burst", b.burst());
    return m;
  }

  private CompletableFuture<Reply> setLimit(Args args) {
    String name;
    double rate;
    long burst;
    try {
      name = args.required("bucket");
      rate = args.requiredDouble("rate");
      burst = args.requiredLong("burst", 1, Long.MAX_VALUE);
    } catch (IllegalArgumentException e) {
      return done(Reply.invalid(e.getMessage()));
    }
    if (ctx.limits().list().stream().noneMatch(b -> b.name().equals(name))) {
      return done(Reply.notFound("no such bucket: " + name));
    }
    try {
      ctx.limits().set(name, rate, burst);
    } catch (IllegalArgumentException e) {
      return done(Reply.invalid(e.getMessage()));
    }
    return done(ctx.limits().list().stream().filter(b -> b.name().equals(name)).findFirst()
        .map(b -> Reply.ok(bucket(b)))
        .orElseGet(() -> Reply.notFound("no such bucket: " + name)));
  }

  private static CompletableFuture<Reply> done(Reply r) {
    return CompletableFuture.completedFuture(r);
  }
}
