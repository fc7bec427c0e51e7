package dev.parley.server.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.sdk.ParleyException;
import dev.parley.protocol.sdk.PresenceInfo;
import dev.parley.protocol.sdk.PresenceInfo.State;
import dev.parley.protocol.sdk.PresenceVisibility;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.testkit.Await;
import dev.parley.server.testkit.LiveServer;
import dev.parley.server.testkit.TestClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/** Presence through a real server: who sees whom, online to offline with last seen, nothing for the others. */
@Timeout(120)
class PresenceTest {
  // A short notice interval keeps the coalescing of quick changes from slowing the test down.
  @RegisterExtension
  final LiveServer live =
      LiveServer.with(c -> c.withPresence(new ServerConfig.Presence(3, 100, 1000, Duration.ofMillis(50))));

  TestClient user(String name) throws Exception {
    return live.user(name);
  }

  static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  static PresenceInfo follow(TestClient who, String whom) throws Exception {
    return get(who.sdk().followPresence(List.of(whom))).getFirst();
  }

  /**
   * Every notice the server pushed to {@code c} before now has arrived: a request answered after it
   * travels behind it on the same connection.
   */
  static void drained(TestClient c) throws Exception {
    get(c.sdk().whoAmI());
  }

  @Test
  void aContactSeesOnlineThenOfflineWithLastSeenAndANonContactNeverSeesAnything() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    TestClient carol = user("carol");
    assertThat(get(alice.sdk().presenceVisibility())).isEqualTo(PresenceVisibility.CONTACTS);
    assertThat(get(alice.sdk().addContacts(List.of("bob", "nosuchuser")))).isEqualTo(1);

    PresenceInfo seen = follow(bob, "alice");
    assertThat(seen.state()).isEqualTo(State.ONLINE);
    assertThat(seen.userId()).isEqualTo(alice.account().userId());
    PresenceInfo hidden = follow(carol, "alice");
    assertThat(hidden.state()).isEqualTo(State.HIDDEN);
    assertThat(hidden.userId()).isZero();

    long before = System.currentTimeMillis();
    alice.close();
    PresenceInfo offline = bob.awaitPresence();
    assertThat(offline.username()).isEqualTo("alice");
    assertThat(offline.state()).isEqualTo(State.OFFLINE);
    assertThat(offline.lastSeenMs()).isGreaterThanOrEqualTo(before - 1000);
    assertThat(follow(bob, "alice").lastSeenMs()).isEqualTo(offline.lastSeenMs());

    alice.reconnect(live.server());
    assertThat(bob.awaitPresence().state()).isEqualTo(State.ONLINE);
    drained(carol);
    assertThat(carol.queuedPresence()).as("carol may not see alice").isZero();
  }

  @Test
  void sendingAMessageMakesTheRecipientAContact() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    assertThat(follow(bob, "alice").state()).isEqualTo(State.HIDDEN);
    alice.send("bob", "hi");
    bob.awaitMessages(1);
    Await.until("alice's message put bob on her contact list", () -> {
      try {
        return follow(bob, "alice").state() == State.ONLINE;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    // Bob's automatic delivered receipt did not make alice his contact.
    assertThat(follow(alice, "bob").state()).isEqualTo(State.HIDDEN);
  }

  @Test
  void nobodyHidesFromContactsAtOnceAndEverybodyShowsToStrangers() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    TestClient carol = user("carol");
    get(alice.sdk().addContacts(List.of("bob")));
    assertThat(follow(bob, "alice").state()).isEqualTo(State.ONLINE);
    assertThat(follow(carol, "alice").state()).isEqualTo(State.HIDDEN);

    assertThat(get(alice.sdk().setPresenceVisibility(PresenceVisibility.NOBODY))).isEqualTo(PresenceVisibility.NOBODY);
    assertThat(bob.awaitPresence().state()).as("told once that alice is hidden now").isEqualTo(State.HIDDEN);
    alice.reconnect(live.server());
    assertThat(follow(bob, "alice").state()).isEqualTo(State.HIDDEN);
    drained(bob);
    drained(carol);
    assertThat(bob.queuedPresence()).isZero();
    assertThat(carol.queuedPresence()).isZero();

    get(alice.sdk().setPresenceVisibility(PresenceVisibility.EVERYBODY));
    assertThat(bob.awaitPresence().state()).isEqualTo(State.ONLINE);
    assertThat(carol.awaitPresence().state()).as("carol follows alice and may see her now").isEqualTo(State.ONLINE);
    assertThat(follow(carol, "alice").state()).isEqualTo(State.ONLINE);

    // Taking bob off the contact list under CONTACTS hides alice from him, and only him.
    get(alice.sdk().setPresenceVisibility(PresenceVisibility.CONTACTS));
    assertThat(carol.awaitPresence().state()).isEqualTo(State.HIDDEN);
    get(alice.sdk().removeContacts(List.of("bob")));
    assertThat(bob.awaitPresence().state()).isEqualTo(State.HIDDEN);
    drained(bob);
    assertThat(bob.queuedPresence()).isZero();
  }

  @Test
  void aUserAlwaysSeesThemselfAndFollowingIsBounded() throws Exception {
    TestClient alice = user("alice");
    get(alice.sdk().setPresenceVisibility(PresenceVisibility.NOBODY));
    assertThat(follow(alice, "alice").state()).isEqualTo(State.ONLINE);
    assertThatThrownBy(() -> get(alice.sdk().followPresence(List.of("a1", "a2", "a3", "a4"))))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_SUBSCRIPTIONS));
  }
}
