package dev.parley.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.group.PostTranscript;
import dev.parley.protocol.sdk.GroupMessage;
import dev.parley.protocol.sdk.GroupSummary;
import dev.parley.protocol.sdk.SendReceipt;
import dev.parley.protocol.sdk.ParleyException;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ConversationKind;
import dev.parley.protocol.v1.CreateGroup;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.GroupRef;
import dev.parley.protocol.v1.GroupSend;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.server.testkit.RawConnection;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestServer;
import dev.parley.storage.Storage;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.GroupEntry;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.inbox.ClientMsgId;
import dev.parley.storage.inbox.DeviceCopy;
import dev.parley.storage.inbox.InboxEntry;
import dev.parley.storage.inbox.OutgoingMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group end-to-end encryption with sender keys, and signed posts, through a real server. Where a
 * test plays a malicious or lossy server it works on the server's storage directly.
 */
@Timeout(120)
class GroupEndToEndTest {
  static final int E2E_LIMIT = 6;
  static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path data;
  TestServer server;
  final AtomicReference<Storage> storage = new AtomicReference<>();
  final List<TestClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    server = TestServer.start(data, c -> c.withLimits(c.limits().withMaxE2eGroupMembers(E2E_LIMIT)), s -> {
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
    return track(TestClient.registered(server, name));
  }

  TestClient track(TestClient c) {
    clients.add(c);
    return c;
  }

  static String text(GroupMessage m) {
    return new String(m.body(), StandardCharsets.UTF_8);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  void post(TestClient from, String group, String text) throws Exception {
    from.sdk().sendToGroup(group, utf8(text), Duration.ZERO).get(20, TimeUnit.SECONDS);
  }

  @Test
  void membersOnSeveralDevicesReadEachOthersPostsAndTheServerKeepsNoPlaintext() throws Exception {
    String marker = "secret-" + HexFormat.of().formatHex(RANDOM.generateSeed(8));
    TestClient alice = user("alice");
    TestClient alicePhone = track(TestClient.linkedTo(alice, "phone"));
    TestClient bob = user("bob");
    TestClient bobTablet = track(TestClient.linkedTo(bob, "tablet"));
    TestClient carol = user("carol");
    List<TestClient> devices = List.of(alice, alicePhone, bob, bobTablet, carol);

    GroupSummary circle = alice.sdk().createGroup("circle", List.of("bob", "carol"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    assertThat(circle.endToEnd()).isTrue();

    post(alice, "circle", marker + " from alice's laptop");
    post(bobTablet, "circle", marker + " from bob's tablet");
    post(carol, "circle", marker + " from carol");
    post(alicePhone, "circle", marker + " from alice's phone");
    for (TestClient d : devices) {
      assertThat(d.awaitGroupMessages(4)).extracting(GroupEndToEndTest::text).containsExactly(
          marker + " from alice's laptop", marker + " from bob's tablet", marker + " from carol",
          marker + " from alice's phone");
    }
    assertThat(devices).allSatisfy(d -> assertThat(d.queuedGroupEvents()).isZero());

    // Control: a channel post is signed, not encrypted, so the same scan finds its text.
    String visible = "visible-" + HexFormat.of().formatHex(RANDOM.generateSeed(8));
    GroupSummary news = alice.sdk().createChannel("news").get(10, TimeUnit.SECONDS);
    assertThat(news.endToEnd()).isFalse();
    bob.sdk().joinChannel("news").get(10, TimeUnit.SECONDS);
    post(alice, "news", visible);
    assertThat(text(bob.awaitGroupMessages(1).get(0))).isEqualTo(visible);

    List<Path> files = allFiles(data);
    assertThat(filesContaining(files, utf8(visible))).as("the scan sees server-readable posts").isNotEmpty();
    assertThat(filesContaining(files, utf8(marker))).as("files holding end-to-end group plaintext").isEmpty();
  }

  @Test
  void pipelinedPostsReachEveryMemberOnceAndInOrder() throws Exception {
    TestClient owner = user("owner");
    List<TestClient> members = List.of(user("mem1"), user("mem2"), user("mem3"));
    owner.sdk().createGroup("busy", List.of("mem1", "mem2", "mem3"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    List<java.util.concurrent.CompletableFuture<SendReceipt>> posts = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) posts.add(owner.sdk().sendToGroup("busy", utf8("post " + i), Duration.ZERO));
    for (var p : posts) p.get(30, TimeUnit.SECONDS);
    for (TestClient m : members) {
      assertThat(m.awaitGroupMessages(60)).extracting(GroupEndToEndTest::text)
          .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 60).mapToObj(i -> "post " + i).toList());
      assertThat(m.queuedGroupEvents()).as("nothing held or undecryptable").isZero();
    }
  }

  @Test
  void editsDeletesAndReactionsOfSenderKeyPostsReachTheMembers() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    assertThat(alice.sdk().createGroup("quiet", List.of("bob"), Duration.ZERO).get(10, TimeUnit.SECONDS).endToEnd()).isTrue();
    SendReceipt typo = alice.sdk().sendToGroup("quiet", utf8("helo"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    assertThat(text(bob.awaitGroupMessages(1).get(0))).isEqualTo("helo");

    alice.sdk().editInGroup("quiet", typo.groupSeq(), utf8("hello")).get(10, TimeUnit.SECONDS);
    dev.parley.protocol.sdk.MessageEdit edit = bob.awaitEvent(dev.parley.protocol.sdk.MessageEdit.class);
    assertThat(edit.target().seq()).isEqualTo(typo.groupSeq());
    assertThat(new String(edit.body(), StandardCharsets.UTF_8)).isEqualTo("hello");

    alice.awaitEvent(dev.parley.protocol.sdk.MessageEdit.class); // her own edit, as every member gets it
    bob.sdk().reactInGroup("quiet", typo.groupSeq(), "+1", false).get(10, TimeUnit.SECONDS);
    dev.parley.protocol.sdk.MessageReaction reaction = alice.awaitEvent(dev.parley.protocol.sdk.MessageReaction.class);
    assertThat(reaction.emoji()).isEqualTo("+1");
    assertThat(reaction.target().seq()).isEqualTo(typo.groupSeq());

    bob.awaitEvent(dev.parley.protocol.sdk.MessageReaction.class); // his own, as every member gets it
    alice.sdk().deleteInGroup("quiet", typo.groupSeq()).get(10, TimeUnit.SECONDS);
    assertThat(bob.awaitEvent(dev.parley.protocol.sdk.MessageDelete.class).target().seq()).isEqualTo(typo.groupSeq());
    assertThat(bob.queuedGroupEvents()).as("nothing undecryptable").isZero();
  }

  @Test
  void aRemovedMemberCannotReadPostsMadeAfterItsRemovalWhileTheOthersCan() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    TestClient carol = user("carol");
    alice.sdk().createGroup("club", List.of("bob", "carol"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    post(alice, "club", "before");
    post(carol, "club", "carol before");
    for (TestClient m : List.of(alice, bob, carol)) {
      assertThat(m.awaitGroupMessages(2)).extracting(GroupEndToEndTest::text).containsExactly("before", "carol before");
    }

    alice.sdk().removeMembers("club", List.of("bob")).get(10, TimeUnit.SECONDS);
    post(alice, "club", "secret after removal");
    post(carol, "club", "carol after removal");
    for (TestClient m : List.of(alice, carol)) {
      assertThat(m.awaitGroupMessages(2)).extracting(GroupEndToEndTest::text)
          .containsExactly("secret after removal", "carol after removal");
    }

    // A server that kept serving bob would replay the post to him. Play that server: re-admit bob and
    // append alice's stored ciphertext again, after his new join point.
    GroupId club = new GroupId(alice.sdk().groups().get(10, TimeUnit.SECONDS).get(0).groupId());
    GroupEntry secret = entries(club, alice).stream()
        .filter(e -> e.senderDevice().value() == alice.account().deviceId()).toList().getLast();
    bob.close();
    alice.sdk().addMembers("club", List.of("bob")).get(10, TimeUnit.SECONDS);
    long replayedSeq = replay(club, secret);
    bob.reconnect(server);
    TestClient.GroupEvent held = bob.awaitGroupEvent();
    assertThat(held.seq()).isEqualTo(replayedSeq);
    assertThat(held.undecryptable()).as("alice's new key never reached bob").isFalse();

    // Alice's next post gives bob, a member again, her key from then on: still nothing earlier.
    post(alice, "club", "welcome back");
    TestClient.GroupEvent lost = bob.awaitGroupEvent();
    assertThat(lost.seq()).isEqualTo(replayedSeq);
    assertThat(lost.undecryptable()).isTrue();
    assertThat(bob.awaitGroupMessages(1)).extracting(GroupEndToEndTest::text).containsExactly("welcome back");
    assertThat(bob.queuedGroupMessages()).isZero();
    assertThat(carol.awaitGroupMessages(1)).extracting(GroupEndToEndTest::text).containsExactly("welcome back");
  }

  @Test
  void aPostThatArrivesBeforeItsSenderKeyIsHeldUnacknowledgedAndDeliveredOnceTheKeyArrives() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    alice.sdk().createGroup("pair", List.of("bob"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    bob.close();
    post(alice, "pair", "early");
    post(alice, "pair", "second");

    // The pairwise message with alice's sender key is late: take it out of bob's inbox for now.
    DeviceId bobDevice = new DeviceId(bob.account().deviceId());
    List<InboxEntry> keys = storage.get().inboxes().read(bobDevice, 0, 100, System.currentTimeMillis()).get(10, TimeUnit.SECONDS);
    assertThat(keys).hasSize(1);
    storage.get().inboxes().ack(bobDevice, keys.getLast().seq()).get(10, TimeUnit.SECONDS);

    bob.reconnect(server);
    TestClient.GroupEvent held = bob.awaitGroupEvent();
    assertThat(held.undecryptable()).isFalse();
    assertThat(held.senderUserId()).isEqualTo(alice.account().userId());
    // Nothing is handed over or acknowledged past the held post: a 1:1 round trip bounds the wait.
    alice.send("bob", "marker");
    assertThat(bob.awaitTexts(1)).containsExactly("marker");
    assertThat(bob.queuedGroupMessages()).isZero();
    GroupId pair = new GroupId(alice.sdk().groups().get(10, TimeUnit.SECONDS).get(0).groupId());
    assertThat(storage.get().groups().cursor(bobDevice, pair).get(10, TimeUnit.SECONDS)).isZero();

    // The key arrives: both posts follow, in order, once.
    bob.close();
    InboxEntry key = keys.getLast();
    storage.get().inboxes().append(new OutgoingMessage(
        key.envelope().sender(), key.envelope().senderDevice(), key.envelope().senderUsername(), key.envelope().recipient(),
        new ClientMsgId(RANDOM.generateSeed(16)), List.of(new DeviceCopy(bobDevice, key.envelope().body())),
        System.currentTimeMillis(), 0)).get(10, TimeUnit.SECONDS);
    bob.reconnect(server);
    assertThat(bob.awaitGroupMessages(2)).extracting(GroupEndToEndTest::text).containsExactly("early", "second");
  }

  @Test
  void aSenderKeyThatNeverArrivesEndsAsUndecryptableAfterTheHoldTime() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    alice.sdk().createGroup("lossy", List.of("bob"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    bob.close();
    post(alice, "lossy", "lost");
    DeviceId bobDevice = new DeviceId(bob.account().deviceId());
    long last = storage.get().inboxes().lastSeq(bobDevice).get(10, TimeUnit.SECONDS);
    storage.get().inboxes().ack(bobDevice, last).get(10, TimeUnit.SECONDS);

    bob.groupKeyWait(Duration.ofMillis(300));
    bob.reconnect(server);
    assertThat(bob.awaitGroupEvent().undecryptable()).isFalse();
    TestClient.GroupEvent given = bob.awaitGroupEvent();
    assertThat(given.undecryptable()).isTrue();
    assertThat(given.reason()).contains("gave up waiting");
    assertThat(bob.queuedGroupMessages()).isZero();
  }

  @Test
  void channelPostsAreSignedAndTheServerRefusesAForgedSignature() throws Exception {
    TestClient reader = user("reader");
    IdentityKeyPair key = IdentityKeyPair.generate(RANDOM);
    try (RawConnection editor = RawConnection.tls(server)) {
      byte[] challenge = editor.hello().getLoginChallenge().toByteArray();
      editor.send(ClientFrame.newBuilder().setRequestId(2).setRegister(editor.register("editor", key, challenge)).build());
      var registered = editor.read().getRegistered();
      editor.send(ClientFrame.newBuilder().setRequestId(3).setCreateGroup(
          CreateGroup.newBuilder().setKind(ConversationKind.CHANNEL).setName("daily")).build());
      long channel = editor.read().getGroupInfo().getGroupId();
      assertThat(channel).isPositive();
      reader.sdk().joinChannel("daily").get(10, TimeUnit.SECONDS);

      byte[] body = dev.parley.protocol.sdk.e2e.proto.Content.newBuilder()
          .setBody(ByteString.copyFrom(utf8("signed news"))).build().toByteArray();
      byte[] id = RANDOM.generateSeed(16);
      byte[] good = key.sign(PostTranscript.of(channel, registered.getUserId(), registered.getDeviceId(), id, body));
      byte[] otherKey = IdentityKeyPair.generate(RANDOM).sign(
          PostTranscript.of(channel, registered.getUserId(), registered.getDeviceId(), id, body));
      byte[] otherGroup = key.sign(PostTranscript.of(channel + 1, registered.getUserId(), registered.getDeviceId(), id, body));
      byte[] tampered = body.clone();
      tampered[tampered.length - 1] ^= 1;

      assertThat(groupSend(editor, 10, channel, id, body, new byte[0]).getError().getCode()).isEqualTo(ErrorCode.INVALID_SIGNATURE);
      assertThat(groupSend(editor, 11, channel, id, body, otherKey).getError().getCode()).isEqualTo(ErrorCode.INVALID_SIGNATURE);
      assertThat(groupSend(editor, 12, channel, id, body, otherGroup).getError().getCode()).isEqualTo(ErrorCode.INVALID_SIGNATURE);
      assertThat(groupSend(editor, 13, channel, id, tampered, good).getError().getCode()).isEqualTo(ErrorCode.INVALID_SIGNATURE);
      assertThat(groupSend(editor, 14, channel, id, body, good).getSendAck().getGroupSeq()).isEqualTo(1);

      GroupMessage m = reader.awaitGroupMessages(1).get(0);
      assertThat(text(m)).isEqualTo("signed news");
      assertThat(m.senderUsername()).isEqualTo("editor");
      TestClient.GroupEvent firstSight = reader.awaitGroupEvent();
      assertThat(firstSight.undecryptable()).as("held while the editor's key was fetched").isFalse();
      assertThat(firstSight.seq()).isEqualTo(1);

      // A server that forged a post in the editor's name cannot make the reader show it.
      storage.get().groups().append(new dev.parley.storage.group.GroupMessage(
          new GroupId(channel), new UserId(registered.getUserId()), new DeviceId(registered.getDeviceId()), "editor",
          new ClientMsgId(RANDOM.generateSeed(16)), utf8("forged"), System.currentTimeMillis(), 0, good))
          .get(10, TimeUnit.SECONDS);
      reader.reconnect(server);
      TestClient.GroupEvent forged = reader.awaitGroupEvent();
      assertThat(forged.undecryptable()).isTrue();
      assertThat(forged.seq()).isEqualTo(2);
      assertThat(reader.queuedGroupMessages()).isZero();
    }
  }

  @Test
  void aPostInTheClearInAGroupAMemberKnowsIsEndToEndIsNotShownEvenWithAValidSignature() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    IdentityKeyPair key = IdentityKeyPair.generate(RANDOM);
    try (RawConnection mallory = RawConnection.tls(server)) {
      byte[] challenge = mallory.hello().getLoginChallenge().toByteArray();
      mallory.send(ClientFrame.newBuilder().setRequestId(2).setRegister(mallory.register("mallory", key, challenge)).build());
      var registered = mallory.read().getRegistered();
      GroupSummary group = alice.sdk().createGroup("sealed", List.of("bob", "mallory"), Duration.ZERO).get(10, TimeUnit.SECONDS);
      assertThat(group.endToEnd()).isTrue();
      post(alice, "sealed", "under sender keys");
      assertThat(text(bob.awaitGroupMessages(1).get(0))).isEqualTo("under sender keys");

      // The server (or a member it helps) stores a correctly signed post in the clear, as it would
      // if it had told the poster the group was not end-to-end.
      byte[] body = dev.parley.protocol.sdk.e2e.proto.Content.newBuilder()
          .setBody(ByteString.copyFrom(utf8("readable by the server"))).build().toByteArray();
      byte[] id = RANDOM.generateSeed(16);
      byte[] signature = key.sign(PostTranscript.of(group.groupId(), registered.getUserId(), registered.getDeviceId(), id, body));
      storage.get().groups().append(new dev.parley.storage.group.GroupMessage(
          new GroupId(group.groupId()), new UserId(registered.getUserId()), new DeviceId(registered.getDeviceId()), "mallory",
          new ClientMsgId(id), body, System.currentTimeMillis(), 0, signature))
          .get(10, TimeUnit.SECONDS);
      bob.reconnect(server);

      TestClient.GroupEvent refused = bob.awaitGroupEvent();
      assertThat(refused.undecryptable()).isTrue();
      assertThat(refused.reason()).contains("end-to-end");
      post(alice, "sealed", "still sealed");
      assertThat(bob.awaitGroupMessages(1)).extracting(GroupEndToEndTest::text).containsExactly("still sealed");
    }
  }

  @Test
  void aGroupCreatedAboveTheEndToEndLimitIsSignedAndAnEndToEndGroupCannotGrowPastIt() throws Exception {
    List<String> names = new ArrayList<>();
    List<TestClient> members = new ArrayList<>();
    TestClient owner = user("owner");
    for (int i = 0; i < E2E_LIMIT; i++) {
      members.add(user("member" + i));
      names.add("member" + i);
    }
    GroupSummary small = owner.sdk().createGroup("small", names.subList(0, E2E_LIMIT - 1), Duration.ZERO).get(10, TimeUnit.SECONDS);
    assertThat(small.endToEnd()).isTrue();
    assertThatThrownBy(() -> owner.sdk().addMembers("small", names.subList(E2E_LIMIT - 1, E2E_LIMIT)).get(10, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GROUP_FULL));

    GroupSummary large = owner.sdk().createGroup("large", names, Duration.ZERO).get(10, TimeUnit.SECONDS);
    assertThat(large.endToEnd()).isFalse();
    post(members.get(2), "large", "signed, not encrypted");
    for (TestClient m : members) {
      assertThat(m.awaitGroupMessages(1)).extracting(GroupEndToEndTest::text).containsExactly("signed, not encrypted");
    }
    assertThat(text(owner.awaitGroupMessages(1).get(0))).isEqualTo("signed, not encrypted");
  }

  // ---------------------------------------------------------------------------------------------

  private ServerFrame groupSend(RawConnection c, long rid, long group, byte[] id, byte[] body, byte[] signature) throws IOException {
    c.send(ClientFrame.newBuilder().setRequestId(rid).setGroupSend(GroupSend.newBuilder()
        .setGroup(GroupRef.newBuilder().setGroupId(group)).setClientMsgId(ByteString.copyFrom(id))
        .setBody(ByteString.copyFrom(body)).setSignature(ByteString.copyFrom(signature))).build());
    ServerFrame answer = c.read();
    while (answer.getRequestId() != rid) answer = c.read(); // skip pushes (its own post coming back)
    return answer;
  }

  private List<GroupEntry> entries(GroupId group, TestClient reader) throws Exception {
    var read = storage.get().groups()
        .read(group, new UserId(reader.account().userId()), 0, 1000, System.currentTimeMillis())
        .get(10, TimeUnit.SECONDS);
    return ((dev.parley.storage.group.GroupRead.Entries) read).entries();
  }

  /** Appends {@code e}'s ciphertext again under its sender, as a new post; returns its seq. */
  private long replay(GroupId group, GroupEntry e) throws Exception {
    var stored = storage.get().groups().append(new dev.parley.storage.group.GroupMessage(
        group, e.sender(), e.senderDevice(), e.senderUsername(), new ClientMsgId(RANDOM.generateSeed(16)), e.body(),
        System.currentTimeMillis(), 0)).get(10, TimeUnit.SECONDS);
    return ((dev.parley.storage.group.GroupAppend.Stored) stored).seq();
  }

  private static List<Path> allFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return new ArrayList<>(s.filter(Files::isRegularFile).toList());
    }
  }

  private static List<Path> filesContaining(List<Path> files, byte[] needle) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path f : files) {
      byte[] content;
      try {
        content = Files.readAllBytes(f);
      } catch (java.nio.file.NoSuchFileException gone) {
        continue; // RocksDB replaced it meanwhile
      }
      if (indexOf(content, needle) >= 0) out.add(f);
    }
    return out;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }
}
