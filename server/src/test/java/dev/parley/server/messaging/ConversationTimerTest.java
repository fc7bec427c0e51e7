package dev.parley.server.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.sdk.ConversationTimerChange;
import dev.parley.protocol.sdk.InboundMessage;
import dev.parley.server.testkit.LiveServer;
import dev.parley.server.testkit.TestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/** A 1:1 conversation's disappearing-message timer, set by either participant, end to end. */
@Timeout(60)
class ConversationTimerTest {
  @RegisterExtension final LiveServer live = LiveServer.withDefaults();

  TestClient user(String name) throws Exception {
    return live.user(name);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static long ttlMs(InboundMessage m) {
    return m.expiresAtMs() == 0 ? 0 : m.expiresAtMs() - m.sentAtMs();
  }

  @Test
  void eitherParticipantSetsTheTimerAndBothSidesLaterMessagesDisappearAfterIt() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    alice.send("bob", "hi");
    bob.awaitMessages(1);

    alice.sdk().setConversationTimer("bob", Duration.ofHours(1)).get(10, TimeUnit.SECONDS);
    ConversationTimerChange change = bob.awaitEvent(ConversationTimerChange.class);
    assertThat(change.byUsername()).isEqualTo("alice");
    assertThat(change.peerUserId()).isEqualTo(alice.account().userId());
    assertThat(change.ttl()).isEqualTo(Duration.ofHours(1));
    assertThat(bob.queued()).as("a timer change is not a message").isZero();
    assertThat(bob.sdk().conversationTimer("alice").get(10, TimeUnit.SECONDS)).isEqualTo(Duration.ofHours(1));
    assertThat(alice.sdk().conversationTimer("bob").get(10, TimeUnit.SECONDS)).isEqualTo(Duration.ofHours(1));

    bob.sdk().send("alice", utf8("this disappears")).get(10, TimeUnit.SECONDS);
    alice.sdk().send("bob", utf8("so does this")).get(10, TimeUnit.SECONDS);
    assertThat(ttlMs(alice.awaitMessages(1).get(0))).isEqualTo(Duration.ofHours(1).toMillis());
    assertThat(ttlMs(bob.awaitMessages(1).get(0))).isEqualTo(Duration.ofHours(1).toMillis());

    // Bob turns it off: later messages stay until read again.
    bob.sdk().setConversationTimer("alice", Duration.ZERO).get(10, TimeUnit.SECONDS);
    assertThat(alice.awaitEvent(ConversationTimerChange.class).ttl()).isZero();
    alice.sdk().send("bob", utf8("this stays")).get(10, TimeUnit.SECONDS);
    assertThat(ttlMs(bob.awaitMessages(1).get(0))).isZero();
  }
}
