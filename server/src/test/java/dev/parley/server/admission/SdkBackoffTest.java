package dev.parley.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.sdk.AccountInfo;
import dev.parley.protocol.sdk.Backoff;
import dev.parley.protocol.sdk.ClientConfig;
import dev.parley.protocol.sdk.InboundMessage;
import dev.parley.protocol.sdk.MessageListener;
import dev.parley.protocol.sdk.ParleyClient;
import dev.parley.protocol.sdk.ParleyException;
import dev.parley.protocol.sdk.RetryScheduler;
import dev.parley.protocol.sdk.SendReceipt;
import dev.parley.protocol.sdk.ServerTrust;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.server.config.AdmissionConfig.Bucket;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestClock;
import dev.parley.server.testkit.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK honours RETRY_LATER: it tries again no sooner than the server asked, with jitter, and
 * sends keep their client_msg_id. The retry schedule is observed through a recording {@link
 * RetryScheduler} and the server's buckets refill on a {@link TestClock}: nothing sleeps.
 */
@Timeout(60)
class SdkBackoffTest {
  @TempDir Path data;
  final TestClock clock = new TestClock();
  final List<AutoCloseable> open = new ArrayList<>();
  TestServer server;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open.reversed()) c.close();
    if (server != null) server.close();
  }

  /** Records what the SDK schedules; the test decides when each task runs. */
  static final class RecordingScheduler implements RetryScheduler {
    record Scheduled(Duration delay, Runnable task) {}

    final LinkedBlockingQueue<Scheduled> scheduled = new LinkedBlockingQueue<>();

    @Override
    public void schedule(Duration delay, Runnable task) {
      scheduled.add(new Scheduled(delay, task));
    }

    Scheduled next() throws InterruptedException {
      Scheduled s = scheduled.poll(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (s == null) throw new AssertionError("nothing was scheduled within " + TestClient.WAIT);
      return s;
    }
  }

  private void start(Map<String, Bucket> buckets) {
    server = TestServer.start(data, c -> c.withAdmission(c.admission().withBuckets(buckets)), s -> s, clock);
  }

  private ParleyClient client(RetryScheduler scheduler, MessageListener listener, long seed) {
    ClientConfig config = ClientConfig.defaults(server.address())
        .withBackoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 2.0));
    ParleyClient c = ParleyClient.builder(config, IdentityKeyPair.generate(new SecureRandom()))
        .trust(ServerTrust.pinned(server.fingerprint()))
        .listener(listener)
        .random(new SplittableRandom(seed))
        .retryScheduler(scheduler)
        .build();
    open.add(c);
    return c;
  }

  @Test
  void aRegistrationRefusedForNowIsRetriedNoSoonerThanTheServerSaid() throws Exception {
    start(Map.of("register.global", new Bucket(1, 1)));
    client((d, t) -> t.run(), MessageListener.NONE, 1)
        .register("first", "phone").get(10, TimeUnit.SECONDS);

    RecordingScheduler retries = new RecordingScheduler();
    CompletableFuture<AccountInfo> second = client(retries, MessageListener.NONE, 2).register("second", "phone");
    RecordingScheduler.Scheduled retry = retries.next();
    // The bucket refills one token a second, so the server asked for at least that; the SDK waits longer.
    assertThat(retry.delay()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(second).isNotDone();

    clock.advance(retry.delay());
    retry.task().run();
    assertThat(second.get(10, TimeUnit.SECONDS).username()).isEqualTo("second");
    assertThat(retries.scheduled).isEmpty();
  }

  @Test
  void retriesBackOffFurtherWhileTheServerKeepsRefusingThenGiveUp() throws Exception {
    start(Map.of("register.global", new Bucket(0.001, 1)));
    client((d, t) -> t.run(), MessageListener.NONE, 1).register("first", "phone").get(10, TimeUnit.SECONDS);

    RecordingScheduler retries = new RecordingScheduler();
    CompletableFuture<AccountInfo> refused = client(retries, MessageListener.NONE, 3).register("second", "phone");
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      RecordingScheduler.Scheduled r = retries.next();
      delays.add(r.delay());
      r.task().run(); // too early: the bucket has not refilled, and the server refuses again
    }
    // 1000 s until the next token: every delay honours it, and adds jitter above it.
    assertThat(delays).allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(1000)));
    assertThat(delays.stream().distinct()).hasSizeGreaterThan(1);
    ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
        ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
    assertThat(failed.getCause()).isInstanceOfSatisfying(ParleyException.class,
        p -> assertThat(p.code()).isEqualTo(ErrorCode.RETRY_LATER));
  }

  @Test
  void aSendRefusedForNowGoesAgainWithTheSameClientMsgIdAndArrivesOnce() throws Exception {
    start(Map.of("send.account", new Bucket(1, 2)));
    LinkedBlockingQueue<InboundMessage> bobInbox = new LinkedBlockingQueue<>();
    ParleyClient bob = client((d, t) -> t.run(), new MessageListener() {
      @Override
      public boolean onMessage(InboundMessage m) {
        bobInbox.add(m);
        return true;
      }
    }, 4);
    bob.register("bob", "phone").get(10, TimeUnit.SECONDS);
    RecordingScheduler retries = new RecordingScheduler();
    ParleyClient alice = client(retries, MessageListener.NONE, 5);
    alice.register("alice", "phone").get(10, TimeUnit.SECONDS);

    List<CompletableFuture<SendReceipt>> sends = new ArrayList<>();
    for (int i = 0; i < 3; i++) sends.add(alice.send("bob", ("m" + i).getBytes(StandardCharsets.UTF_8)));
    RecordingScheduler.Scheduled retry = retries.next(); // the third is refused: the bucket holds two
    assertThat(retry.delay()).isGreaterThanOrEqualTo(Duration.ofMillis(1));
    sends.get(0).get(10, TimeUnit.SECONDS);
    sends.get(1).get(10, TimeUnit.SECONDS);
    assertThat(sends.get(2)).isNotDone();

    clock.advance(Duration.ofSeconds(1));
    retry.task().run();
    assertThat(sends.get(2).get(10, TimeUnit.SECONDS).duplicate()).isFalse();
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      InboundMessage m = bobInbox.poll(10, TimeUnit.SECONDS);
      assertThat(m).isNotNull();
      got.add(new String(m.body(), StandardCharsets.UTF_8));
    }
    assertThat(got).containsExactly("m0", "m1", "m2");
  }
}
