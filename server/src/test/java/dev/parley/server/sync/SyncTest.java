package dev.parley.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.sdk.GroupMessage;
import dev.parley.protocol.sdk.InboundMessage;
import dev.parley.protocol.sdk.SendReceipt;
import dev.parley.protocol.sdk.SyncGap;
import dev.parley.protocol.sdk.SyncReport;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.GetSyncState;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.protocol.v1.Sync;
import dev.parley.protocol.v1.SyncPage;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.testkit.Await;
import dev.parley.server.testkit.RawConnection;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestServer;
import dev.parley.storage.Storage;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.group.GroupId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gap-free sync through a real server: catching up after a long disconnection, TOO_LONG with a
 * snapshot for a device far behind a busy group, recovery of a device that lost its cursors, and
 * refusals. The server runs with a small delivery window, small pages and a low catch-up bound so
 * that every path pages many times with little data.
 */
@Timeout(180)
class SyncTest {
  static final int CATCH_UP = 200;
  static final int SNAPSHOT = 20;
  static final int PAGE = 50;

  @TempDir Path data;
  TestServer server;
  final AtomicReference<Storage> storage = new AtomicReference<>();
  final List<TestClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    server = TestServer.start(data, c -> c
        .withDelivery(new ServerConfig.Delivery(32, 16))
        .withSync(new ServerConfig.Sync(CATCH_UP, SNAPSHOT, PAGE)), s -> {
          storage.set(s);
          return s;
        });
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
  void syncAfterALongDisconnectionDeliversEveryPostAndMessageInOrderExactlyOnce() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    alice.sdk().createGroup("club", List.of("bob"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    bob.close();

    // Far more than the delivery window (32) and the page (16): the catch-up takes many rounds.
    Map<Long, String> posts = post(alice, "club", 150);
    for (int i = 0; i < 120; i++) alice.send("bob", "dm " + i);

    bob.reconnect(server);
    assertThat(bob.awaitMessages(120)).extracting(SyncTest::text)
        .containsExactlyElementsOf(LongStream.range(0, 120).mapToObj(i -> "dm " + i).toList());
    List<GroupMessage> got = bob.awaitGroupMessages(150);
    assertThat(got).extracting(GroupMessage::seq).containsExactlyElementsOf(posts.keySet());
    assertThat(got).extracting(SyncTest::text).containsExactlyElementsOf(posts.values());

    // Caught up: an explicit sync finds nothing, and nothing came twice.
    SyncReport report = bob.sdk().sync().get(10, TimeUnit.SECONDS);
    assertThat(report.entries()).isZero();
    assertThat(bob.queued()).isZero();
    assertThat(bob.queuedGroupMessages()).isZero();
    assertThat(bob.queuedSyncGaps()).as("under the catch-up bound nothing is skipped").isZero();
  }

  @Test
  void aDeviceFarBehindInABusyGroupGetsASnapshotAndIsToldOfTheGapButItsInboxArrivesInFull() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    long group = alice.sdk().createGroup("busy", List.of("bob"), Duration.ZERO).get(10, TimeUnit.SECONDS).groupId();
    bob.close();

    Map<Long, String> posts = post(alice, "busy", CATCH_UP + 100);
    for (int i = 0; i < CATCH_UP + 20; i++) alice.send("bob", "dm " + i);
    long last = posts.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();

    bob.reconnect(server);
    assertThat(bob.awaitSyncGap()).isEqualTo(new SyncGap(group, 1, last - SNAPSHOT));
    List<GroupMessage> snapshot = bob.awaitGroupMessages(SNAPSHOT);
    assertThat(snapshot).extracting(GroupMessage::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(last - SNAPSHOT + 1, last).boxed().toList());
    // The inbox has no bound: every message, in order, although there are more than CATCH_UP.
    assertThat(bob.awaitMessages(CATCH_UP + 20)).extracting(SyncTest::text)
        .containsExactlyElementsOf(LongStream.range(0, CATCH_UP + 20).mapToObj(i -> "dm " + i).toList());

    // After the jump the group goes on normally, without a second gap or repeats.
    alice.sdk().sendToGroup("busy", utf8("after"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    assertThat(bob.awaitGroupMessages(1)).extracting(SyncTest::text).containsExactly("after");
    assertThat(bob.queuedGroupMessages()).isZero();
    assertThat(bob.queuedSyncGaps()).isZero();
  }

  @Test
  void aDeviceThatLostItsCursorsRecoversTheHistoryThroughSyncInPages() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    // A channel (signed posts): a post of an end-to-end group opens only once, since its sender-key
    // message key is deleted after use, so a device cannot read it again after losing its cursors.
    long group = alice.sdk().createChannel("club").get(10, TimeUnit.SECONDS).groupId();
    bob.sdk().joinChannel("club").get(10, TimeUnit.SECONDS);
    Map<Long, String> posts = post(alice, "club", 120);
    assertThat(bob.awaitGroupMessages(120)).extracting(GroupMessage::seq).containsExactlyElementsOf(posts.keySet());
    DeviceId bobDevice = new DeviceId(bob.account().deviceId());
    Await.until("bob's acknowledgements are stored",
        () -> storage.get().groups().cursor(bobDevice, new GroupId(group)).join() == 120);

    // The app lost its cursors: it asks for everything again, and gets it in pages.
    bob.forgetCursors();
    bob.reconnect(server);
    SyncReport report = bob.sdk().sync().get(10, TimeUnit.SECONDS);
    assertThat(report.conversations()).isEqualTo(1);
    assertThat(report.pages()).as("120 posts in pages of " + PAGE).isEqualTo(3);
    assertThat(report.entries()).isEqualTo(120);
    assertThat(report.gaps()).isZero();
    assertThat(bob.awaitGroupMessages(120)).extracting(SyncTest::text).containsExactlyElementsOf(posts.values());

    // Lost again, without asking: the next push shows a gap (its prev_seq is past the cursor), and
    // the SDK fills it before handing the new post over.
    bob.forgetCursors();
    bob.reconnect(server);
    long seq = alice.sdk().sendToGroup("club", utf8("new"), Duration.ZERO).get(10, TimeUnit.SECONDS).groupSeq();
    List<GroupMessage> again = bob.awaitGroupMessages(121);
    assertThat(again).extracting(GroupMessage::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, seq).boxed().toList());
    assertThat(again.getLast()).extracting(SyncTest::text).isEqualTo("new");
    assertThat(bob.queuedGroupMessages()).isZero();
    assertThat(bob.queuedSyncGaps()).isZero();
  }

  @Test
  void syncRefusesStrangersAndBadArgumentsWithTypedErrorsAndKeepsTheConnection() throws Exception {
    TestClient alice = user("alice");
    long secret = alice.sdk().createGroup("secret", List.of(), Duration.ZERO).get(10, TimeUnit.SECONDS).groupId();
    alice.sdk().sendToGroup("secret", utf8("hush"), Duration.ZERO).get(10, TimeUnit.SECONDS);

    try (RawConnection mallory = RawConnection.tls(server)) {
      mallory.registerWithPrekeys("mallory");
      assertThat(answer(mallory, 10, Sync.newBuilder().setGroupId(secret))).isEqualTo(ErrorCode.GROUP_NOT_FOUND);
      assertThat(answer(mallory, 11, Sync.newBuilder().setGroupId(secret + 1000))).isEqualTo(ErrorCode.GROUP_NOT_FOUND);
      assertThat(answer(mallory, 12, Sync.newBuilder())).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(answer(mallory, 13, Sync.newBuilder().setInbox(false))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(answer(mallory, 14, Sync.newBuilder().setInbox(true).setLimit(PAGE + 1))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(answer(mallory, 15, Sync.newBuilder().setInbox(true).setAfterSeq(-1))).isEqualTo(ErrorCode.INVALID_ARGUMENT);

      // Still connected and answered: an empty inbox page, and a state that lists no group.
      mallory.send(ClientFrame.newBuilder().setRequestId(16).setSync(Sync.newBuilder().setInbox(true)).build());
      ServerFrame page = mallory.read();
      assertThat(page.getRequestId()).isEqualTo(16);
      assertThat(page.getSyncPage()).isEqualTo(SyncPage.newBuilder().setInbox(true).build());
      mallory.send(ClientFrame.newBuilder().setRequestId(17).setGetSyncState(GetSyncState.getDefaultInstance()).build());
      ServerFrame state = mallory.read();
      assertThat(state.getRequestId()).isEqualTo(17);
      assertThat(state.getSyncState().getGroupsList()).isEmpty();
    }
    try (RawConnection c = RawConnection.tls(server)) {
      assertThat(c.hello().getLimits().getMaxGroupCatchUp()).isEqualTo(CATCH_UP);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Error code of the answer to one Sync request. */
  static ErrorCode answer(RawConnection c, long requestId, Sync.Builder sync) throws Exception {
    c.send(ClientFrame.newBuilder().setRequestId(requestId).setSync(sync).build());
    ServerFrame f = c.read();
    assertThat(f.getRequestId()).isEqualTo(requestId);
    assertThat(f.getBodyCase()).isEqualTo(ServerFrame.BodyCase.ERROR);
    return f.getError().getCode();
  }

  /** Posts {@code n} numbered posts (pipelined); their texts by log seq. */
  static Map<Long, String> post(TestClient from, String group, int n) throws Exception {
    List<CompletableFuture<SendReceipt>> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) sent.add(from.sdk().sendToGroup(group, utf8("post " + i), Duration.ZERO));
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    Map<Long, String> bySeq = new TreeMap<>();
    for (int i = 0; i < n; i++) bySeq.put(sent.get(i).join().groupSeq(), "post " + i);
    return bySeq;
  }

  static String text(GroupMessage m) {
    return new String(m.body(), StandardCharsets.UTF_8);
  }

  static String text(InboundMessage m) {
    return new String(m.body(), StandardCharsets.UTF_8);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
