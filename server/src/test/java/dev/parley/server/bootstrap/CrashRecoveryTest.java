package dev.parley.server.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.sdk.InboundMessage;
import dev.parley.protocol.sdk.SendReceipt;
import dev.parley.server.testkit.ChildServer;
import dev.parley.server.testkit.TestClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise, tested the hard way: a real server process is killed with SIGKILL while a
 * client is sending; after a restart every acknowledged message is delivered, the retried ones are
 * stored once, and nothing reaches the application twice.
 */
@Timeout(value = 180 * 60)
class CrashRecoveryTest {
  /** scripts/soak raises these; the default run does one round. */
  static final int ROUNDS = Integer.getInteger("parley.crash.rounds", 1);
  static final int MESSAGES = Integer.getInteger("parley.crash.messages", 3000);

  @TempDir Path data;

  @Test
  void everyAcknowledgedMessageSurvivesSigkillAndArrivesExactlyOnce() throws Exception {
    for (int round = 1; round <= ROUNDS; round++) crashOnce(round);
  }

  private void crashOnce(int round) throws Exception {
    ChildServer first = ChildServer.start(data);
    TestClient alice = TestClient.registered(first, "alice" + round);
    TestClient bob = TestClient.registered(first, "bob" + round);
    String to = "bob" + round;
    bob.close();

    Set<Integer> acked = ConcurrentHashMap.newKeySet();
    // Kill after a varying share of the stream was acknowledged: 10% in round 1, up to 60%.
    CountDownLatch someAcked = new CountDownLatch(MESSAGES * (10 + (round * 17) % 51) / 100);
    List<CompletableFuture<SendReceipt>> sends = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      int n = i;
      sends.add(alice.sdk().send(to, clientMsgId(n), body(n), Duration.ZERO)
          .whenComplete((r, err) -> {
            if (err == null) {
              acked.add(n);
              someAcked.countDown();
            }
          }));
    }
    assertThat(someAcked.await(60, TimeUnit.SECONDS)).isTrue();
    first.kill();
    Set<Integer> ackedBeforeCrash = Set.copyOf(acked);
    assertThat(ackedBeforeCrash.size()).as("the crash came mid-stream").isLessThan(MESSAGES);

    try (ChildServer second = ChildServer.start(data)) {
      // The sender comes back (as its app would) and retries everything it has no ack for, with
      // the same client message ids; then one marker that must arrive last.
      alice.reconnect(second);
      List<CompletableFuture<SendReceipt>> retries = new ArrayList<>();
      for (int i = 0; i < MESSAGES; i++) {
        if (!ackedBeforeCrash.contains(i)) retries.add(alice.sdk().send(to, clientMsgId(i), body(i), Duration.ZERO));
      }
      CompletableFuture.allOf(retries.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      alice.send(to, "marker");

      bob.reconnect(second);
      List<InboundMessage> got = bob.awaitMessages(MESSAGES + 1);
      List<String> texts = got.stream().map(m -> new String(m.body(), StandardCharsets.UTF_8)).toList();

      assertThat(texts).doesNotHaveDuplicates();
      assertThat(texts.get(texts.size() - 1)).isEqualTo("marker");
      Set<String> expected = new HashSet<>();
      for (int i = 0; i < MESSAGES; i++) expected.add(new String(body(i), StandardCharsets.UTF_8));
      expected.add("marker");
      assertThat(new HashSet<>(texts)).isEqualTo(expected);
      assertThat(got).extracting(InboundMessage::seq).isSorted();
      alice.close();
      bob.close();
    }
  }

  private static byte[] clientMsgId(int n) {
    return ByteBuffer.allocate(16).putLong(0x5041524c4559L).putLong(n).array();
  }

  private static byte[] body(int n) {
    return ("message " + n).getBytes(StandardCharsets.UTF_8);
  }
}
