package dev.parley.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.sdk.GroupMessage;
import dev.parley.protocol.sdk.GroupSummary;
import dev.parley.protocol.sdk.ParleyException;
import dev.parley.protocol.sdk.SendReceipt;
import dev.parley.protocol.transport.NettyTransport;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestServer;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Groups and channels through a real server: stored once, delivered once to each member device. */
@Timeout(300)
class GroupsAndChannelsTest {
  static final int BIG_GROUP = Integer.getInteger("parley.test.bigGroup", 1000);
  /** Small groups here are end-to-end; the big one is created above this, so it is signed. */
  static final int E2E_LIMIT = 100;

  @TempDir Path data;
  TestServer server;
  EventLoopGroup loops;
  List<TestClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    server = TestServer.start(data, c -> c.withLimits(c.limits().withMaxE2eGroupMembers(E2E_LIMIT)));
    loops = NettyTransport.best().newGroup(2, "test-clients");
  }

  @AfterEach
  void stop() {
    clients.forEach(TestClient::close);
    server.close();
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  TestClient user(String name) throws Exception {
    TestClient c = TestClient.registered(server, name, loops);
    clients.add(c);
    return c;
  }

  static String text(GroupMessage m) {
    return new String(m.body(), StandardCharsets.UTF_8);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aThousandMemberGroupDeliversEachPostOnceToEveryMemberAndOfflineMembersCatchUp() throws Exception {
    TestClient owner = user("owner");
    List<TestClient> members = new ArrayList<>();
    for (int i = 0; i < BIG_GROUP - 1; i++) members.add(user("member" + i));
    List<String> names = members.stream().map(m -> m.account().username()).toList();
    // Created large, above the end-to-end limit: posts are signed, and every member checks them.
    GroupSummary crowd = owner.sdk().createGroup("crowd", names, Duration.ZERO).get(30, TimeUnit.SECONDS);
    assertThat(crowd.endToEnd()).isEqualTo(BIG_GROUP <= E2E_LIMIT);
    assertThat(crowd.memberCount()).isEqualTo(BIG_GROUP);
    // A tenth of the members are offline while the posts go out.
    List<TestClient> offline = members.subList(0, members.size() / 10);
    offline.forEach(TestClient::close);

    List<CompletableFuture<SendReceipt>> posts = new ArrayList<>();
    for (int i = 0; i < 3; i++) posts.add(owner.sdk().sendToGroup("crowd", utf8("post " + i), Duration.ZERO));
    CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    assertThat(posts).extracting(p -> p.join().groupSeq()).containsExactly(1L, 2L, 3L);

    for (TestClient m : members.subList(members.size() / 10, members.size())) {
      assertThat(m.awaitGroupMessages(3)).extracting(GroupsAndChannelsTest::text).containsExactly("post 0", "post 1", "post 2");
    }
    for (TestClient m : offline) m.reconnect(server);
    for (TestClient m : offline) {
      assertThat(m.awaitGroupMessages(3)).extracting(GroupsAndChannelsTest::text).containsExactly("post 0", "post 1", "post 2");
    }
    owner.sdk().sendToGroup("crowd", utf8("marker"), Duration.ZERO).get(30, TimeUnit.SECONDS);
    for (TestClient m : members) {
      assertThat(m.awaitGroupMessages(1)).extracting(GroupsAndChannelsTest::text).as("nothing twice").containsExactly("marker");
    }
  }

  @Test
  void nonMembersCanNeitherPostNorReadAndRemovedMembersStopReceiving() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    TestClient eve = user("eve");
    alice.sdk().createGroup("friends", List.of("bob"), Duration.ZERO).get(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> eve.sdk().sendToGroup("friends", utf8("let me in"), Duration.ZERO).get(10, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GROUP_NOT_FOUND));
    assertThatThrownBy(() -> eve.sdk().groupMembers("friends").get(10, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GROUP_NOT_FOUND));

    bob.sdk().sendToGroup("friends", utf8("hi all"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    assertThat(text(alice.awaitGroupMessages(1).get(0))).isEqualTo("hi all");
    assertThat(text(bob.awaitGroupMessages(1).get(0))).isEqualTo("hi all");

    alice.sdk().removeMembers("friends", List.of("bob")).get(10, TimeUnit.SECONDS);
    alice.sdk().sendToGroup("friends", utf8("bob is gone"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    assertThat(text(alice.awaitGroupMessages(1).get(0))).isEqualTo("bob is gone");
    assertThatThrownBy(() -> bob.sdk().sendToGroup("friends", utf8("still here?"), Duration.ZERO).get(10, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GROUP_NOT_FOUND));
    // A marker 1:1 message after the group post: bob's connection delivers in order per log, so
    // waiting for it bounds the wait for a group post that must not come.
    alice.send("bob", "after removal");
    assertThat(bob.awaitTexts(1)).containsExactly("after removal");
    assertThat(bob.queuedGroupMessages()).isZero();
  }

  @Test
  void onlyChannelAdminsPostAndSubscribersJoinByName() throws Exception {
    TestClient editor = user("editor");
    TestClient reader = user("reader");
    GroupSummary channel = editor.sdk().createChannel("news").get(10, TimeUnit.SECONDS);
    assertThat(channel.channel()).isTrue();
    reader.sdk().joinChannel("NEWS").get(10, TimeUnit.SECONDS);

    editor.sdk().sendToGroup("news", utf8("breaking"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    GroupMessage m = reader.awaitGroupMessages(1).get(0);
    assertThat(m.channel()).isTrue();
    assertThat(m.groupName()).isEqualTo("news");
    assertThat(m.senderUsername()).isEqualTo("editor");

    assertThatThrownBy(() -> reader.sdk().sendToGroup("news", utf8("me too"), Duration.ZERO).get(10, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_ALLOWED));
    assertThatThrownBy(() -> reader.sdk().joinChannel("nochannel").get(10, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GROUP_NOT_FOUND));
  }

  @Test
  void aNewMemberSeesOnlyWhatWasPostedAfterItJoined() throws Exception {
    TestClient alice = user("alice");
    TestClient carol = user("carol");
    alice.sdk().createGroup("club", List.of(), Duration.ZERO).get(10, TimeUnit.SECONDS);
    alice.sdk().sendToGroup("club", utf8("before carol"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    alice.sdk().addMembers("club", List.of("carol")).get(10, TimeUnit.SECONDS);
    alice.sdk().sendToGroup("club", utf8("welcome carol"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    assertThat(carol.awaitGroupMessages(1)).extracting(GroupsAndChannelsTest::text).containsExactly("welcome carol");
    assertThat(carol.sdk().groups().get(10, TimeUnit.SECONDS)).extracting(GroupSummary::name).containsExactly("club");
    assertThat(alice.sdk().groupMembers("club").get(10, TimeUnit.SECONDS)).hasSize(2);
  }

  @Test
  void membershipRulesAreEnforced() throws Exception {
    TestClient owner = user("owner");
    TestClient member = user("member");
    user("other");
    owner.sdk().createGroup("rules", List.of("member"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> member.sdk().addMembers("rules", List.of("other")).get(10, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_ALLOWED));
    assertThatThrownBy(() -> owner.sdk().leaveGroup("rules").get(10, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_ALLOWED));
    assertThatThrownBy(() -> owner.sdk().createGroup("RULES", List.of(), Duration.ZERO).get(10, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GROUP_NAME_TAKEN));
    member.sdk().leaveGroup("rules").get(10, TimeUnit.SECONDS);
    assertThat(owner.sdk().groupMembers("rules").get(10, TimeUnit.SECONDS)).extracting(m -> m.username()).containsExactly("owner");
  }

  @Test
  void aSendersPipelinedPostsKeepTheirOrder() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    alice.sdk().createGroup("ordered", List.of("bob"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    List<CompletableFuture<SendReceipt>> posts = new ArrayList<>();
    for (int i = 0; i < 200; i++) posts.add(alice.sdk().sendToGroup("ordered", utf8("p" + i), Duration.ZERO));
    CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    assertThat(bob.awaitGroupMessages(200)).extracting(GroupsAndChannelsTest::text)
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 200).mapToObj(i -> "p" + i).toList());
  }

  @Test
  void disappearingPostsAreNeverShownOnceExpiredWhereverTheyAre() throws Exception {
    TestClient alice = user("alice");
    dev.parley.server.testkit.TestClock bobClock = new dev.parley.server.testkit.TestClock();
    TestClient bob = TestClient.registered(server, "bob", loops, bobClock);
    clients.add(bob);
    alice.sdk().createGroup("ephemeral", List.of("bob"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    bob.close();
    alice.sdk().sendToGroup("ephemeral", utf8("gone in 30 s"), Duration.ofSeconds(30)).get(10, TimeUnit.SECONDS);
    alice.sdk().sendToGroup("ephemeral", utf8("kept"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    // Both are still stored (the server's clock has not moved), but bob's clock says the first expired.
    bobClock.advance(Duration.ofSeconds(31));
    bob.reconnect(server);
    assertThat(bob.awaitGroupMessages(1)).extracting(GroupsAndChannelsTest::text).containsExactly("kept");
  }

  @Test
  void theOwnerMakesAdminsWhoPostInChannelsAndManageMembersButNotOtherAdmins() throws Exception {
    TestClient owner = user("owner");
    TestClient helper = user("helper");
    TestClient second = user("second");
    user("newbie");
    owner.sdk().createChannel("updates").get(10, TimeUnit.SECONDS);
    helper.sdk().joinChannel("updates").get(10, TimeUnit.SECONDS);
    second.sdk().joinChannel("updates").get(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> helper.sdk().sendToGroup("updates", utf8("x"), Duration.ZERO).get(10, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_ALLOWED));

    owner.sdk().setAdmin("updates", "helper", true).get(10, TimeUnit.SECONDS);
    owner.sdk().setAdmin("updates", "second", true).get(10, TimeUnit.SECONDS);
    helper.sdk().sendToGroup("updates", utf8("from the new admin"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    assertThat(text(second.awaitGroupMessages(1).get(0))).isEqualTo("from the new admin");
    helper.sdk().addMembers("updates", List.of("newbie")).get(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> helper.sdk().removeMembers("updates", List.of("second")).get(10, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_ALLOWED));
    assertThatThrownBy(() -> helper.sdk().setAdmin("updates", "newbie", true).get(10, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_ALLOWED));
    owner.sdk().setAdmin("updates", "helper", false).get(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> helper.sdk().sendToGroup("updates", utf8("y"), Duration.ZERO).get(10, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_ALLOWED));
  }

  @Test
  void typingReachesOnlyThePeerOrTheGroupsMembersAndIsNeverStored() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    TestClient carol = user("carol");
    TestClient eve = user("eve");
    alice.sdk().createGroup("team", List.of("bob", "carol"), Duration.ZERO).get(10, TimeUnit.SECONDS);

    alice.sdk().typing("bob", true);
    var e = bob.awaitTyping();
    assertThat(e.username()).isEqualTo("alice");
    assertThat(e.groupId()).isZero();
    assertThat(e.typing()).isTrue();

    // Eve is not a member: her typing into the group is dropped. Carol's, sent after it, arrives.
    eve.sdk().typingInGroup("team", true);
    eve.sdk().sendToGroup("team", utf8("x"), Duration.ZERO).handle((r, err) -> null).get(10, TimeUnit.SECONDS);
    carol.sdk().typingInGroup("team", true);
    var g = bob.awaitTyping();
    assertThat(g.username()).isEqualTo("carol");
    assertThat(g.groupId()).isPositive();
    assertThat(alice.awaitTyping().username()).isEqualTo("carol");
    assertThat(carol.queuedTyping()).as("not echoed to the typist").isZero();

    // Nothing was stored: a device that reconnects later gets no typing event.
    alice.sdk().typing("bob", false);
    assertThat(bob.awaitTyping().typing()).isFalse();
    bob.reconnect(server);
    alice.send("bob", "after");
    assertThat(bob.awaitTexts(1)).containsExactly("after");
    assertThat(bob.queuedTyping()).isZero();
  }
}
