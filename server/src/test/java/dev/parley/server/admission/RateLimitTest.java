package dev.parley.server.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.Ping;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.server.config.AdmissionConfig.Bucket;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.testkit.Await;
import dev.parley.server.testkit.RawConnection;
import dev.parley.server.testkit.TestClock;
import dev.parley.server.testkit.TestServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token buckets in front of registration and login, over real sockets: a storm beyond a bucket is
 * answered RETRY_LATER with a retry delay, on a connection that stays usable; one source's bucket
 * does not starve another's; limits change while the server runs. Time is a {@link TestClock}, so
 * buckets refill only when the test says so.
 */
@Timeout(60)
class RateLimitTest {
  private static final AtomicInteger names = new AtomicInteger();

  @TempDir Path data;
  final TestClock clock = new TestClock();
  TestServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private void start(Map<String, Bucket> buckets) {
    server = TestServer.start(data, c -> c.withAdmission(c.admission().withBuckets(buckets)), s -> s, clock);
  }

  @Test
  void registrationStormBeyondTheBucketGetsRetryLaterAndNothingHangs() throws Exception {
    start(Map.of("register.global", new Bucket(1, 5)));
    int storm = 20;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<CompletableFuture<Attempt>> attempts = new ArrayList<>();
    try {
      for (int i = 0; i < storm; i++) {
        attempts.add(CompletableFuture.supplyAsync(() -> attempt("127.0.0.1"), pool));
      }
      List<Attempt> done = new ArrayList<>();
      for (var a : attempts) done.add(a.get(30, TimeUnit.SECONDS));
      List<Attempt> refused = done.stream().filter(a -> a.answer().hasError()).toList();
      assertThat(done.stream().filter(a -> a.answer().hasRegistered())).hasSize(5);
      assertThat(refused).hasSize(storm - 5).allSatisfy(a -> {
        assertThat(a.answer().getError().getCode()).isEqualTo(ErrorCode.RETRY_LATER);
        assertThat(a.answer().getError().getRetryAfterMs()).isGreaterThan(0);
      });

      // A refused connection is still open and answering, and once the bucket has refilled (the
      // clock moved by the delay the server asked for) the same connection registers.
      Attempt r = refused.get(0);
      r.conn().send(ClientFrame.newBuilder().setRequestId(7).setPing(Ping.newBuilder().setNonce(1)).build());
      assertThat(r.conn().read().getPong().getNonce()).isEqualTo(1);
      clock.advance(Duration.ofMillis(r.answer().getError().getRetryAfterMs()));
      r.conn().send(ClientFrame.newBuilder().setRequestId(8)
          .setRegister(r.conn().register("late" + names.incrementAndGet(), key(), r.challenge())).build());
      assertThat(r.conn().read().hasRegistered()).isTrue();
      assertThat(server.meters().counter("parley.admission.refused", "limit", "register.global").count())
          .isEqualTo(storm - 5);
    } finally {
      pool.shutdownNow();
      for (var a : attempts) if (a.isDone() && !a.isCompletedExceptionally()) a.get().conn().close();
    }
  }

  @Test
  void oneAddressEmptyingItsBucketDoesNotStarveOtherAddresses() throws Exception {
    start(Map.of("register.address", new Bucket(0.001, 2), "register.prefix", new Bucket(0.001, 3)));
    assertThat(registers("127.0.0.2")).isTrue();
    assertThat(registers("127.0.0.2")).isTrue();
    Attempt third = attempt("127.0.0.2");
    assertThat(third.answer().getError().getCode()).isEqualTo(ErrorCode.RETRY_LATER);
    assertThat(third.answer().getError().getMessage()).contains("register.address");
    third.conn().close();

    // Another address of the same /24 still has its own bucket, until the prefix's is empty too.
    assertThat(registers("127.0.0.3")).isTrue();
    Attempt sameBlock = attempt("127.0.0.4");
    assertThat(sameBlock.answer().getError().getMessage()).contains("register.prefix");
    sameBlock.conn().close();

    // Another /24 is not affected at all.
    assertThat(registers("127.0.1.2")).isTrue();
    assertThat(registers("127.0.1.2")).isTrue();
  }

  @Test
  void refusalsByALaterBucketGiveBackTheTokensOfEarlierOnes() throws Exception {
    start(Map.of("register.address", new Bucket(0.001, 1), "register.global", new Bucket(0.001, 1)));
    assertThat(registers("127.0.0.5")).isTrue();
    Attempt other = attempt("127.0.0.6"); // its address bucket is full; the global one is empty
    assertThat(other.answer().getError().getMessage()).contains("register.global");
    other.conn().close();
    server.server().limits().set("register.global", 1_000, 1_000);
    clock.advance(Duration.ofMillis(10)); // an emptied bucket refills at the new rate
    assertThat(registers("127.0.0.6")).isTrue(); // its address token was given back
  }

  @Test
  void limitsChangeWhileTheServerRuns() throws Exception {
    start(Map.of("register.address", new Bucket(0.001, 1)));
    assertThat(registers("127.0.0.7")).isTrue();
    assertThat(registers("127.0.0.7")).isFalse();

    LimitsControl limits = server.server().limits();
    limits.set("register.address", 5, 10);
    assertThat(limits.list()).contains(new LimitsControl.BucketLimit("register.address", 5, 10));
    assertThat(limits.list()).extracting(LimitsControl.BucketLimit::name).contains("login.account", "send.account");
    clock.advance(Duration.ofSeconds(1)); // the emptied bucket refills at the new rate, not the old one
    assertThat(registers("127.0.0.7")).isTrue();

    assertThatThrownBy(() -> limits.set("register.nowhere", 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limits.set("register.address", 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limits.set("register.address", 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void connectionsBeyondTheHandshakeBoundAreToldToRetryLater() throws Exception {
    server = TestServer.start(data, c -> c.withAdmission(c.admission().withMaxPendingHandshakes(2)), s -> s, clock);
    try (RawConnection a = RawConnection.tls(server); RawConnection b = RawConnection.tls(server)) {
      Await.until("two handshakes pending", () -> pendingHandshakes() == 2);
      try (RawConnection c = RawConnection.tls(server)) {
        c.send(ClientFrame.newBuilder().setRequestId(1).setHello(helloFrame()).build());
        ServerFrame answer = c.read();
        assertThat(answer.getError().getCode()).isEqualTo(ErrorCode.RETRY_LATER);
        assertThat(answer.getError().getRetryAfterMs()).isGreaterThan(0);
        assertThat(c.awaitClosed(Duration.ofSeconds(10))).isTrue();
      }
      // Logging in frees a place.
      a.registerWithPrekeys("early" + names.incrementAndGet());
      Await.until("one handshake pending", () -> pendingHandshakes() == 1);
      try (RawConnection d = RawConnection.tls(server)) {
        assertThat(d.hello().getLoginChallenge().size()).isEqualTo(32);
      }
      b.hello();
    }
    Await.until("no handshake pending", () -> pendingHandshakes() == 0);
  }

  @Test
  void aFullCommitQueueShedsNewSignUps() throws Exception {
    // Fraction 0 sheds whatever the commit queue holds: a drill of the loaded state. What goes on
    // meanwhile is in LoadSheddingTest.
    server = TestServer.start(data, c -> c.withAdmission(c.admission().withShedAtCommitQueueFraction(0)), s -> s, clock);
    Attempt signUp = attempt("127.0.0.8");
    assertThat(signUp.answer().getError().getCode()).isEqualTo(ErrorCode.RETRY_LATER);
    assertThat(signUp.answer().getError().getRetryAfterMs()).isGreaterThanOrEqualTo(5_000);
    signUp.conn().close();
    assertThat(server.meters().counter("parley.admission.refused", "limit", "register.shed").count()).isEqualTo(1);
  }

  // ---------------------------------------------------------------------------------------------

  record Attempt(RawConnection conn, byte[] challenge, ServerFrame answer) {}

  private Attempt attempt(String from) {
    try {
      RawConnection c = RawConnection.tlsFrom(server, from, 0);
      byte[] challenge = c.hello().getLoginChallenge().toByteArray();
      c.send(ClientFrame.newBuilder().setRequestId(2)
          .setRegister(c.register("user" + names.incrementAndGet(), key(), challenge)).build());
      return new Attempt(c, challenge, c.read());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean registers(String from) throws Exception {
    Attempt a = attempt(from);
    a.conn().close();
    if (a.answer().hasError()) assertThat(a.answer().getError().getCode()).as(a.answer().toString()).isEqualTo(ErrorCode.RETRY_LATER);
    return a.answer().hasRegistered();
  }

  private double pendingHandshakes() {
    return server.meters().get("parley.admission.handshakes.pending").gauge().value();
  }

  private static dev.parley.protocol.v1.Hello helloFrame() {
    return dev.parley.protocol.v1.Hello.newBuilder()
        .setProtocolVersion(dev.parley.protocol.version.ProtocolVersion.CURRENT).setClientName("raw").build();
  }

  private static IdentityKeyPair key() {
    return IdentityKeyPair.generate(new SecureRandom());
  }
}
