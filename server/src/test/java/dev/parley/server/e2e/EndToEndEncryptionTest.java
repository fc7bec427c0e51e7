package dev.parley.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.sdk.ConnectionState;
import dev.parley.protocol.sdk.IdentityWarning;
import dev.parley.protocol.sdk.InboundMessage;
import dev.parley.protocol.sdk.ParleyException;
import dev.parley.protocol.sdk.SafetyNumberEntry;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end encryption through a real server: multi-device fan-out, device changes, what the server keeps. */
@Timeout(120)
class EndToEndEncryptionTest {
  @TempDir Path data;
  TestServer server;
  List<TestClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    server = TestServer.start(data);
  }

  @AfterEach
  void stop() {
    clients.forEach(TestClient::close);
    server.close();
  }

  TestClient user(String name) throws Exception {
    return track(TestClient.registered(server, name));
  }

  TestClient track(TestClient c) {
    clients.add(c);
    return c;
  }

  static String text(InboundMessage m) {
    return new String(m.body(), StandardCharsets.UTF_8);
  }

  @Test
  void messagesReachEveryDeviceOfBothSidesAndTheServerNeverHoldsAPlaintext() throws Exception {
    String marker = "secret-" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(8));
    TestClient alice = user("alice");
    TestClient alicePhone = track(TestClient.linkedTo(alice, "phone"));
    TestClient bob = user("bob");

    alice.send("bob", marker + " from alice's laptop");
    assertThat(text(bob.awaitMessages(1).get(0))).isEqualTo(marker + " from alice's laptop");
    InboundMessage sync = alicePhone.awaitMessages(1).get(0);
    assertThat(text(sync)).isEqualTo(marker + " from alice's laptop");
    assertThat(sync.recipientUserId()).as("a copy of what alice sent, to bob").isEqualTo(bob.account().userId());

    bob.send("alice", marker + " reply from bob");
    assertThat(text(alice.awaitMessages(1).get(0))).isEqualTo(marker + " reply from bob");
    assertThat(text(alicePhone.awaitMessages(1).get(0))).isEqualTo(marker + " reply from bob");

    alicePhone.send("bob", marker + " from alice's phone");
    assertThat(text(bob.awaitMessages(1).get(0))).isEqualTo(marker + " from alice's phone");
    assertThat(text(alice.awaitMessages(1).get(0))).isEqualTo(marker + " from alice's phone");

    // What an operator with the whole data directory and the logs can read.
    clients.forEach(TestClient::close);
    clients.clear();
    server.close();
    List<Path> files = allFiles(data);
    files.addAll(allFiles(Path.of("target/test-logs")));
    assertThat(files).isNotEmpty();
    assertThat(filesContaining(files, "alice's laptop".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(filesContaining(files, marker.getBytes(StandardCharsets.UTF_8))).isEmpty();
    // Control: the scan does see what the server stores in the clear (names), so it would see bodies.
    assertThat(filesContaining(files, "phone".getBytes(StandardCharsets.UTF_8))).isNotEmpty();
    server = TestServer.start(data);
  }

  @Test
  void aSenderLearnsOfANewDeviceFromTheServerAndReachesItWithAWarning() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    alice.send("bob", "before");
    bob.awaitMessages(1);

    TestClient bobTablet = track(TestClient.linkedTo(bob, "tablet"));
    alice.send("bob", "after the new device");

    assertThat(text(bob.awaitMessages(1).get(0))).isEqualTo("after the new device");
    assertThat(text(bobTablet.awaitMessages(1).get(0))).isEqualTo("after the new device");
    assertThat(alice.drainWarnings())
        .containsExactly(new IdentityWarning(bob.account().userId(), "bob", bobTablet.account().deviceId(),
            IdentityWarning.Kind.NEW_DEVICE));
  }

  @Test
  void aRevokedDeviceIsDisconnectedAndNoLongerAddressed() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    TestClient bobOld = track(TestClient.linkedTo(bob, "old phone"));
    alice.send("bob", "to both");
    bob.awaitMessages(1);
    bobOld.awaitMessages(1);

    bob.sdk().revokeDevice(bobOld.account().deviceId()).get(10, TimeUnit.SECONDS);
    bobOld.awaitState(ConnectionState.REPLACED);

    alice.send("bob", "only the remaining device");
    assertThat(text(bob.awaitMessages(1).get(0))).isEqualTo("only the remaining device");
    assertThat(bob.sdk().devices().get(10, TimeUnit.SECONDS)).extracting(d -> d.deviceId())
        .containsExactly(bob.account().deviceId());
  }

  @Test
  void bothSidesComputeTheSameSafetyNumber() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    List<SafetyNumberEntry> fromAlice = alice.sdk().safetyNumbers("bob").get(10, TimeUnit.SECONDS);
    List<SafetyNumberEntry> fromBob = bob.sdk().safetyNumbers("alice").get(10, TimeUnit.SECONDS);
    assertThat(fromAlice).hasSize(1);
    assertThat(fromAlice.get(0).safetyNumber()).matches("(\\d{5} ){11}\\d{5}").isEqualTo(fromBob.get(0).safetyNumber());
  }

  @Test
  void aBurstToANewPeerUsesOneSessionAndArrivesInOrder() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    List<java.util.concurrent.CompletableFuture<?>> sends = new ArrayList<>();
    for (int i = 0; i < 50; i++) sends.add(alice.sdk().send("bob", ("m" + i).getBytes(StandardCharsets.UTF_8)));
    java.util.concurrent.CompletableFuture.allOf(sends.toArray(java.util.concurrent.CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertThat(bob.awaitMessages(50)).extracting(EndToEndEncryptionTest::text)
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).mapToObj(i -> "m" + i).toList());
  }

  @Test
  void aLinkCodeWorksOnceAndAWrongOneIsRefused() throws Exception {
    TestClient alice = user("alice");
    String code = alice.sdk().createLinkCode().get(10, TimeUnit.SECONDS).code();
    TestClient wrong = track(new TestClient(server));
    assertThatThrownBy(() -> wrong.linkWith("WRONGCODE99"))
        .cause().isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LINK_CODE_INVALID));
    track(new TestClient(server)).linkWith(code);
    TestClient again = track(new TestClient(server));
    assertThatThrownBy(() -> again.linkWith(code))
        .cause().isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LINK_CODE_INVALID));
    assertThat(alice.sdk().devices().get(10, TimeUnit.SECONDS)).hasSize(2);
  }

  @Test
  void aDeviceLinkedToMyOwnAccountIsReportedToMyOtherDevices() throws Exception {
    TestClient alice = user("alice");
    user("bob");
    TestClient phone = track(TestClient.linkedTo(alice, "phone"));
    alice.send("bob", "hello");
    assertThat(alice.drainWarnings()).containsExactly(
        new IdentityWarning(alice.account().userId(), "alice", phone.account().deviceId(), IdentityWarning.Kind.NEW_DEVICE));
    assertThat(phone.drainWarnings()).as("a new device learns its account quietly").isEmpty();
  }

  @Test
  void aDeviceCanRemoveItselfButNotTheAccountsLastDevice() throws Exception {
    TestClient alice = user("alice");
    assertThatThrownBy(() -> alice.sdk().revokeDevice(alice.account().deviceId()).get(10, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));

    TestClient phone = track(TestClient.linkedTo(alice, "phone"));
    phone.sdk().revokeDevice(phone.account().deviceId()).get(10, TimeUnit.SECONDS);
    phone.awaitState(ConnectionState.REPLACED);
    assertThat(alice.sdk().devices().get(10, TimeUnit.SECONDS)).hasSize(1);
  }

  private static List<Path> allFiles(Path root) throws IOException {
    if (!Files.exists(root)) return new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      return new ArrayList<>(s.filter(Files::isRegularFile).toList());
    }
  }

  private static List<Path> filesContaining(List<Path> files, byte[] needle) throws IOException {
    List<Path> hits = new ArrayList<>();
    for (Path f : files) {
      byte[] content = Files.readAllBytes(f);
      if (indexOf(content, needle) >= 0) hits.add(f);
    }
    return hits;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }
}
