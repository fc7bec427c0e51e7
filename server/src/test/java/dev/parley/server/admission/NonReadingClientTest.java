package dev.parley.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.sdk.SendReceipt;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.testkit.Await;
import dev.parley.server.testkit.RawConnection;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recipient that never reads while megabytes are sent to it: the bytes the server holds for it
 * stay under the per-connection bound (seen through the {@code parley.outbound.queued.max.bytes}
 * gauge), it is disconnected, and the sender is not held up.
 */
@Timeout(90)
class NonReadingClientTest {
  static final int HIGH_WATER = 64 << 10;
  static final long MAX_QUEUED = 512 << 10;
  static final int MESSAGES = 150;
  static final int BODY = 30 << 10;

  @TempDir Path data;

  @Test
  void memoryForARecipientThatStoppedReadingStaysBoundedAndItIsDisconnected() throws Exception {
    try (TestServer server = TestServer.start(data, NonReadingClientTest::tight)) {
      // A tiny receive window so that the kernel holds little, and the rest would pile up in the server.
      RawConnection bob = RawConnection.tlsFrom(server, "127.0.0.1", 4096);
      bob.registerWithPrekeys("bob");
      try (TestClient alice = TestClient.registered(server, "alice")) {
        AtomicLong most = new AtomicLong();
        Runnable sample = () -> most.accumulateAndGet((long) queuedMax(server), Math::max);
        List<CompletableFuture<SendReceipt>> sends = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) sends.add(alice.sdk().send("bob", new byte[BODY]));
        // Every message is stored and acknowledged to the sender, whatever the recipient does.
        for (var s : sends) {
          s.get(30, TimeUnit.SECONDS);
          sample.run();
        }
        Await.until("the server queued bytes for bob", () -> {
          sample.run();
          return most.get() > HIGH_WATER / 2 || server.server().liveSessions() == 1;
        }, Duration.ofSeconds(30));
        Await.until("bob is disconnected", () -> {
          sample.run();
          return server.server().liveSessions() == 1;
        }, Duration.ofSeconds(30));
        Await.until("nothing is queued any more", () -> queuedMax(server) == 0, Duration.ofSeconds(10));

        // About 4.5 MB was sent to bob; the server never held more than its bound for him.
        assertThat((long) MESSAGES * BODY).isGreaterThan(8 * MAX_QUEUED);
        assertThat(most.get()).isGreaterThan(0).isLessThanOrEqualTo(MAX_QUEUED + server.config().limits().maxFrameBytes());
        // The sender's own session was never affected.
        assertThat(alice.sdk().whoAmI().get(10, TimeUnit.SECONDS).username()).isEqualTo("alice");
      } finally {
        bob.close();
      }
    }
  }

  private static double queuedMax(TestServer server) {
    return server.meters().get("parley.outbound.queued.max.bytes").gauge().value();
  }

  private static ServerConfig tight(ServerConfig c) {
    var l = c.limits();
    var t = c.timeouts();
    return c.withLimits(new ServerConfig.Limits(l.maxFrameBytes(), l.maxBodyBytes(), l.maxTtl(), l.maxInFlightSends(),
            HIGH_WATER, HIGH_WATER / 4, l.maxGroupMembers(), l.maxE2eGroupMembers()))
        .withTimeouts(new ServerConfig.Timeouts(
            t.handshake(), t.idle(), t.pingInterval(), Duration.ofSeconds(2), t.shutdownGrace()))
        .withAdmission(c.admission().withMaxQueuedBytesPerConnection(MAX_QUEUED));
  }
}
