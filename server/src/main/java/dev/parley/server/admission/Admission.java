package dev.parley.server.admission;

import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.server.config.AdmissionConfig;
import dev.parley.server.metrics.ServerMetrics;
import dev.parley.server.refusal.Refusal;
import dev.parley.storage.account.UserId;
import io.micrometer.core.instrument.Gauge;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission control: decides, before any expensive work starts, whether a registration, login,
 * prekey fetch or upload, or send may go ahead, and tells the client when to come back if not.
 *
 * <p>Requests draw one token from each bucket that applies, most specific first (address, prefix,
 * then global; or the account), so that one flooding source empties its own bucket before it touches
 * the shared one; if a later bucket refuses, the tokens already taken are given back. A refusal is
 * RETRY_LATER with {@code retry_after_ms} = the time until the bucket refills, plus jitter so that
 * refused clients do not come back in step. Nothing is queued.
 *
 * <p>Existing sessions come first: new connections are bounded while they have not logged in
 * ({@link #openHandshake}), authentications in progress are bounded, and under load ({@link
 * ServerLoad}: commit queue fill or event-loop lag) ephemeral traffic is dropped first ({@link
 * #dropEphemeral}), then new sessions are refused: Register, LinkDevice and signed Logins. Sends,
 * acks, deliveries and resumed logins go on.
 *
 * <p>Thread-safe and lock-free; called from every event loop. Time comes from the injected clock,
 * never allowed to run backwards.
 */
public final class Admission implements LimitsControl {
  private static final long HANDSHAKE_RETRY_AFTER_MS = 1_000;
  private static final long SHED_RETRY_AFTER_MS = 5_000;
  /** Shorter than a sign-up's: a returning device has a conversation waiting. */
  private static final long LOGIN_SHED_RETRY_AFTER_MS = 2_000;

  private final AdmissionConfig config;
  private final Clock clock;
  private final ServerMetrics metrics;
  private final ServerLoad load;
  private final Map<String, Limiter<?>> limiters = new LinkedHashMap<>();
  private final Limiter<Boolean> registerGlobal;
  private final Limiter<SourceKey> registerAddress;
  private final Limiter<SourceKey> registerPrefix;
  private final Limiter<Boolean> loginGlobal;
  private final Limiter<SourceKey> loginAddress;
  private final Limiter<SourceKey> loginPrefix;
  private final Limiter<Long> loginAccount;
  private final Limiter<Long> fetchAccount;
  private final Limiter<Long> uploadAccount;
  private final Limiter<Long> sendAccount;
  private final AtomicInteger pendingHandshakes = new AtomicInteger();
  private final AtomicInteger pendingAuthentications = new AtomicInteger();
  private final AtomicLong lastNanos = new AtomicLong(Long.MIN_VALUE);

  /** @param load the load signal, whose marks {@link #shedding(AdmissionConfig.Shedding)} changes */
  public Admission(AdmissionConfig config, Clock clock, ServerMetrics metrics, ServerLoad load) {
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.load = load;
    registerGlobal = limiter("register.global", 16);
    registerAddress = limiter("register.address", config.maxTrackedKeys());
    registerPrefix = limiter("register.prefix", config.maxTrackedKeys());
    loginGlobal = limiter("login.global", 16);
    loginAddress = limiter("login.address", config.maxTrackedKeys());
    loginPrefix = limiter("login.prefix", config.maxTrackedKeys());
    loginAccount = limiter("login.account", config.maxTrackedKeys());
    fetchAccount = limiter("fetch-prekeys.account", config.maxTrackedKeys());
    uploadAccount = limiter("upload-prekeys.account", config.maxTrackedKeys());
    sendAccount = limiter("send.account", config.maxTrackedKeys());
    var registry = metrics.registry();
    Gauge.builder("parley.admission.handshakes.pending", pendingHandshakes, AtomicInteger::get).register(registry);
    Gauge.builder("parley.admission.authentications.pending", pendingAuthentications, AtomicInteger::get)
        .register(registry);
    limiters.values().forEach(l ->
        Gauge.builder("parley.admission.keys", l, Limiter::trackedKeys).tag("limit", l.name()).register(registry));
  }

  private <K> Limiter<K> limiter(String name, int maxKeys) {
    Limiter<K> l = new Limiter<>(name, Rate.of(config.buckets().get(name)), maxKeys);
    limiters.put(name, l);
    return l;
  }

  // ---------------------------------------------------------------------------------------------
  // Before login

  /** A new connection; hold the ticket until it logs in or closes. */
  public Handshake openHandshake() {
    boolean over = pendingHandshakes.incrementAndGet() > config.maxPendingHandshakes();
    return new Handshake(pendingHandshakes, over);
  }

  /** The answer to a Hello on a connection opened over the handshake bound. */
  public Refusal handshakeRefusal() {
    metrics.admissionRefused("handshakes").increment();
    return retryLater("too many connections are logging in; retry later", HANDSHAKE_RETRY_AFTER_MS);
  }

  /**
   * A Register or LinkDevice from {@code source}. When admitted, the caller must call {@link
   * #authenticationEnded} once the request is answered.
   */
  public Verdict register(InetAddress source) {
    if (load.pressure().atLeast(Pressure.SHED_NEW_SESSIONS)) {
      return refuse("register.shed", SHED_RETRY_AFTER_MS, "the server is busy; sign up later");
    }
    long now = nowNanos();
    return authentication(
        draw(registerAddress, SourceKey.address(source), now),
        draw(registerPrefix, SourceKey.prefix(source), now),
        draw(registerGlobal, Boolean.TRUE, now));
  }

  /**
   * A Login from {@code source} claiming {@code userId}; as {@link #register}, the caller ends it.
   * Under load only a {@code resumed} login (a resumption token, no signature check) goes on.
   */
  public Verdict login(InetAddress source, long userId, boolean resumed) {
    if (!resumed && load.pressure().atLeast(Pressure.SHED_NEW_SESSIONS)) {
      return refuse("login.shed", LOGIN_SHED_RETRY_AFTER_MS, "the server is busy; log in later");
    }
    long now = nowNanos();
    return authentication(
        draw(loginAccount, userId, now),
        draw(loginAddress, SourceKey.address(source), now),
        draw(loginPrefix, SourceKey.prefix(source), now),
        draw(loginGlobal, Boolean.TRUE, now));
  }

  /** An admitted Register, LinkDevice or Login was answered (whatever the outcome). */
  public void authenticationEnded() {
    pendingAuthentications.decrementAndGet();
  }

  private Verdict authentication(Draw... draws) {
    if (pendingAuthentications.incrementAndGet() > config.maxPendingAuthentications()) {
      pendingAuthentications.decrementAndGet();
      return refuse("authentications", HANDSHAKE_RETRY_AFTER_MS, "too many logins in progress; retry later");
    }
    Verdict v = take(draws);
    if (v instanceof Verdict.Refused) pendingAuthentications.decrementAndGet();
    return v;
  }

  // ---------------------------------------------------------------------------------------------
  // In a session

  /** A frame of {@code user}'s authenticated session: sends, posts and key requests draw from the account's buckets. */
  public Verdict inSession(UserId user, ClientFrame.BodyCase body) {
    Limiter<Long> l = switch (body) {
      case SEND, GROUP_SEND -> sendAccount;
      case FETCH_PREKEYS -> fetchAccount;
      case UPLOAD_PREKEYS -> uploadAccount;
      default -> null;
    };
    if (l == null) return Verdict.ADMITTED;
    return take(draw(l, user.value(), nowNanos()));
  }

  /** True while ephemeral traffic (typing, presence notices) is to be dropped: the first thing to go under load. */
  public boolean dropEphemeral() {
    return load.pressure().atLeast(Pressure.SHED_EPHEMERAL);
  }

  // ---------------------------------------------------------------------------------------------
  // LimitsControl

  @Override
  public List<BucketLimit> list() {
    List<BucketLimit> out = new ArrayList<>();
    limiters.values().forEach(l -> out.add(new BucketLimit(l.name(), l.rate().ratePerSecond(), l.rate().burst())));
    return out;
  }

  @Override
  public void set(String name, double ratePerSecond, long burst) {
    Limiter<?> l = limiters.get(name);
    if (l == null) throw new IllegalArgumentException("unknown limit " + name + "; known: " + limiters.keySet());
    l.rate(Rate.of(new AdmissionConfig.Bucket(ratePerSecond, burst)), nowNanos());
  }

  @Override
  public AdmissionConfig.Shedding shedding() {
    return load.marks();
  }

  @Override
  public void shedding(AdmissionConfig.Shedding marks) {
    load.marks(marks);
  }

  @Override
  public Pressure pressure() {
    return load.pressure();
  }

  // ---------------------------------------------------------------------------------------------

  private record Draw(Limiter<?> limiter, TokenBucket bucket, Rate rate) {}

  private static <K> Draw draw(Limiter<K> l, K key, long nowNanos) {
    return new Draw(l, l.bucket(key, nowNanos), l.rate());
  }

  private Verdict take(Draw... draws) {
    long now = nowNanos();
    for (int i = 0; i < draws.length; i++) {
      long waitNanos = draws[i].bucket().tryTake(now, draws[i].rate());
      if (waitNanos > 0) {
        for (int j = 0; j < i; j++) draws[j].bucket().giveBack(draws[j].rate());
        String name = draws[i].limiter().name();
        return refuse(name, (waitNanos + 999_999) / 1_000_000, "rate limit " + name + " reached; retry later");
      }
    }
    return Verdict.ADMITTED;
  }

  private Verdict.Refused refuse(String limit, long waitMs, String message) {
    metrics.admissionRefused(limit).increment();
    return new Verdict.Refused(limit, retryLater(message, waitMs));
  }

  /**
   * RETRY_LATER after at least {@code waitMs}, plus up to half as much again (at least 100 ms) of
   * jitter: clients refused together must not come back together.
   */
  private static Refusal retryLater(String message, long waitMs) {
    long base = Math.max(1, waitMs);
    long jitter = ThreadLocalRandom.current().nextLong(Math.max(100, base / 2) + 1);
    return new Refusal(ErrorCode.RETRY_LATER, message, base + jitter);
  }

  private long nowNanos() {
    Instant i = clock.instant();
    long n = i.getEpochSecond() * 1_000_000_000L + i.getNano();
    return lastNanos.accumulateAndGet(n, Math::max);
  }
}
