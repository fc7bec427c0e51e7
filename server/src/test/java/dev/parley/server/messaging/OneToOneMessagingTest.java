package dev.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.sdk.ConnectionState;
import dev.parley.protocol.sdk.InboundMessage;
import dev.parley.protocol.sdk.ParleyException;
import dev.parley.protocol.sdk.SendReceipt;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestClock;
import dev.parley.server.testkit.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class OneToOneMessagingTest {
  @TempDir Path data;
  TestClock clock = new TestClock();
  TestServer server;
  List<TestClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    server = TestServer.start(data, c -> c, s -> s, clock);
  }

  @AfterEach
  void stop() {
    clients.forEach(TestClient::close);
    server.close();
  }

  TestClient user(String name) throws Exception {
    TestClient c = TestClient.registered(server, name);
    clients.add(c);
    return c;
  }

  @Test
  void messageToAnOnlineRecipientArrivesWithTheSenderStampedByTheServer() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");

    SendReceipt receipt = alice.send("bob", "hi bob");

    InboundMessage m = bob.awaitMessages(1).get(0);
    assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("hi bob");
    assertThat(m.senderUsername()).isEqualTo("alice");
    assertThat(m.senderUserId()).isEqualTo(alice.account().userId());
    assertThat(m.senderDeviceId()).isEqualTo(alice.account().deviceId());
    assertThat(m.serverMsgId()).isEqualTo(receipt.serverMsgId());
    assertThat(receipt.duplicate()).isFalse();
  }

  @Test
  void recipientNamesAreCaseInsensitive() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    alice.send("BoB", "hello");
    assertThat(bob.awaitTexts(1)).containsExactly("hello");
  }

  @Test
  void messagesArriveInTheOrderTheyWereSent() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    List<CompletableFuture<SendReceipt>> sends = new ArrayList<>();
    for (int i = 0; i < 300; i++) sends.add(alice.sdk().send("bob", ("m" + i).getBytes(StandardCharsets.UTF_8)));
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

    assertThat(bob.awaitTexts(300)).containsExactlyElementsOf(IntStream.range(0, 300).mapToObj(i -> "m" + i).toList());
  }

  @Test
  void messageSentWhileTheRecipientIsOfflineArrivesWhenItLogsIn() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    bob.close();

    alice.send("bob", "while you were out");
    alice.send("bob", "and another");
    bob.reconnect(server);

    assertThat(bob.awaitTexts(2)).containsExactly("while you were out", "and another");
  }

  @Test
  void acknowledgedMessagesSurviveARestartButAreNotDeliveredTwice() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    alice.send("bob", "one");
    assertThat(bob.awaitTexts(1)).containsExactly("one");
    bob.close();
    alice.send("bob", "two");

    server.restart();
    bob.reconnect(server);

    assertThat(bob.awaitTexts(1)).containsExactly("two");
  }

  @Test
  void aBacklogLargerThanTheDeliveryWindowArrivesCompleteAndInOrder() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    bob.close();
    int n = server.config().delivery().window() * 3 + 7;
    List<CompletableFuture<SendReceipt>> sends = new ArrayList<>();
    for (int i = 0; i < n; i++) sends.add(alice.sdk().send("bob", ("b" + i).getBytes(StandardCharsets.UTF_8)));
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

    bob.reconnect(server);

    assertThat(bob.awaitTexts(n)).containsExactlyElementsOf(IntStream.range(0, n).mapToObj(i -> "b" + i).toList());
  }

  @Test
  void aRetriedSendWithTheSameClientMessageIdIsStoredOnce() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    byte[] id = new byte[16];
    id[0] = 42;
    byte[] body = "only once".getBytes(StandardCharsets.UTF_8);

    SendReceipt first = alice.sdk().send("bob", id, body, Duration.ZERO).get(10, TimeUnit.SECONDS);
    SendReceipt retry = alice.sdk().send("bob", id, body, Duration.ZERO).get(10, TimeUnit.SECONDS);
    alice.send("bob", "marker");

    assertThat(retry.duplicate()).isTrue();
    assertThat(retry.serverMsgId()).isEqualTo(first.serverMsgId());
    assertThat(retry.serverTimeMs()).isEqualTo(first.serverTimeMs());
    assertThat(bob.awaitTexts(2)).containsExactly("only once", "marker");
  }

  @Test
  void aSendToAnUnknownUserIsRefusedAndTheSessionStaysUsable() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");

    assertThatThrownBy(() -> alice.send("nobody", "hello?")).cause().isInstanceOfSatisfying(
        ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_NOT_FOUND));
    alice.send("bob", "still here");
    assertThat(bob.awaitTexts(1)).containsExactly("still here");
  }

  @Test
  void aBodyOverTheLimitIsRefusedWithMessageTooLarge() throws Exception {
    TestClient alice = user("alice");
    user("bob");
    byte[] big = new byte[server.config().limits().maxBodyBytes() + 1];

    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> alice.sdk().send("bob", big).get(10, TimeUnit.SECONDS));
    assertThat(((ParleyException) e.getCause()).code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
  }

  @Test
  void aTakenUsernameIsRefusedWhateverItsCase() throws Exception {
    user("carol");
    assertThatThrownBy(() -> user("CAROL")).cause().isInstanceOfSatisfying(
        ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USERNAME_TAKEN));
  }

  @Test
  void aMalformedUsernameIsRefused() {
    for (String bad : List.of("ab", "has space", "x".repeat(33), "emoji\uD83D\uDE00", "semi;colon")) {
      assertThatThrownBy(() -> user(bad)).as(bad).cause().isInstanceOfSatisfying(
          ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_USERNAME));
    }
  }

  @Test
  void aSecondLoginOfTheSameDeviceReplacesTheFirstSession() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    var first = bob.sdk();

    bob.reconnectKeepingOld(server);

    bob.awaitStateOf(first, ConnectionState.REPLACED);
    alice.send("bob", "to the new session");
    assertThat(bob.awaitTexts(1)).containsExactly("to the new session");
  }

  @Test
  void anExpiredMessageIsNeverDelivered() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    bob.close();
    alice.sdk().send("bob", "self-destructs".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60)).get(10, TimeUnit.SECONDS);
    clock.advance(Duration.ofSeconds(61));
    alice.send("bob", "stays");

    bob.reconnect(server);

    InboundMessage m = bob.awaitMessages(1).get(0);
    assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("stays");
  }

  @Test
  void aTtlOverTheServerMaximumIsRefused() throws Exception {
    TestClient alice = user("alice");
    user("bob");
    long tooLong = server.config().limits().maxTtl().toSeconds() + 1;
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class,
            () -> alice.sdk().send("bob", new byte[1], Duration.ofSeconds(tooLong)).get(10, TimeUnit.SECONDS));
    assertThat(((ParleyException) e.getCause()).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void whoAmIReportsTheAccountAndDevice() throws Exception {
    TestClient alice = user("alice");
    var info = alice.sdk().whoAmI().get(10, TimeUnit.SECONDS);
    assertThat(info.username()).isEqualTo("alice");
    assertThat(info.userId()).isEqualTo(alice.account().userId());
    assertThat(info.deviceId()).isEqualTo(alice.account().deviceId());
    assertThat(info.deviceName()).isEqualTo("test");
  }
}
