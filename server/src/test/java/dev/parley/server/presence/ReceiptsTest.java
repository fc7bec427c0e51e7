package dev.parley.server.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.sdk.GroupMessage;
import dev.parley.protocol.sdk.GroupUpdate;
import dev.parley.protocol.sdk.InboundMessage;
import dev.parley.protocol.sdk.ParleyClient;
import dev.parley.protocol.sdk.Receipt;
import dev.parley.protocol.sdk.SendReceipt;
import dev.parley.protocol.transport.NettyTransport;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.testkit.LiveServer;
import dev.parley.server.testkit.TestClient;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/**
 * Delivered and read receipts through a real server: end-to-end encrypted 1:1 messages that reach
 * the original sender's devices (and the reader's own, for read sync) and nobody else.
 */
@Timeout(120)
class ReceiptsTest {
  /** Groups of up to three members get receipts on this server. */
  static final int RECEIPT_GROUP_LIMIT = 3;

  @RegisterExtension
  final LiveServer live = LiveServer.with(c -> c.withReceipts(new ServerConfig.Receipts(RECEIPT_GROUP_LIMIT)));

  TestClient user(String name) throws Exception {
    return live.user(name);
  }

  TestClient secondDevice(TestClient of) throws Exception {
    return live.track(TestClient.linkedTo(of, "second"));
  }

  static <T> T get(java.util.concurrent.CompletableFuture<T> f) throws Exception {
    return f.get(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Waits until {@code to} received a message from {@code from}, sent after everything before: what
   * {@code from} sent earlier to {@code to} has arrived by then (one inbox, one order).
   */
  static void barrier(TestClient from, TestClient to) throws Exception {
    from.send(to.account().username(), "barrier");
    assertThat(to.awaitTexts(1)).containsExactly("barrier");
  }

  @Test
  void aDeliveredReceiptReachesEveryDeviceOfTheSenderAndNobodyElse() throws Exception {
    TestClient alice = user("alice");
    TestClient alicePhone = secondDevice(alice);
    TestClient bob = user("bob");
    TestClient carol = user("carol");
    byte[] id = new byte[16];
    id[0] = 42;
    get(alice.sdk().send("bob", id, "hi".getBytes(StandardCharsets.UTF_8), Duration.ZERO));
    assertThat(bob.awaitTexts(1)).containsExactly("hi");
    assertThat(alicePhone.awaitMessages(1).getFirst().sentByThisAccount()).isTrue();

    for (TestClient device : List.of(alice, alicePhone)) {
      Receipt r = device.awaitReceipt();
      assertThat(r.kind()).isEqualTo(Receipt.Kind.DELIVERED);
      assertThat(r.fromUsername()).isEqualTo("bob");
      assertThat(r.fromThisAccount()).isFalse();
      assertThat(r.clientMsgIds()).singleElement().isEqualTo(id);
    }
    // The sync copy on alice's phone is not acknowledged with a receipt, and nobody else hears of it
    // (the barrier messages get receipts of their own, which name other ids). A receipt is never a
    // message: had bob's receipts reached onMessage, a barrier's awaitTexts would have seen them.
    barrier(bob, carol);
    barrier(alicePhone, bob);
    barrier(bob, alice);
    for (TestClient c : List.of(alice, alicePhone, bob, carol)) {
      assertThat(c.drainReceipts()).noneMatch(r -> r.clientMsgIds().stream().anyMatch(x -> java.util.Arrays.equals(x, id)));
    }
  }

  @Test
  void readReceiptsGoToTheSenderAndTheReadersOtherDevicesOnlyWhenMarkedRead() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    TestClient bobLaptop = secondDevice(bob);
    alice.send("bob", "one");
    alice.send("bob", "two");
    List<InboundMessage> got = bob.awaitMessages(2);
    bobLaptop.awaitMessages(2);
    // Delivered receipts from both of bob's devices (in however many batches), none read yet.
    int deliveredIds = 0;
    while (deliveredIds < 4) {
      Receipt r = alice.awaitReceipt();
      assertThat(r.kind()).isEqualTo(Receipt.Kind.DELIVERED);
      deliveredIds += r.clientMsgIds().size();
    }

    get(bob.sdk().markRead(got));
    Receipt read = alice.awaitReceipt();
    assertThat(read.kind()).isEqualTo(Receipt.Kind.READ);
    assertThat(read.fromUsername()).isEqualTo("bob");
    assertThat(read.clientMsgIds()).hasSize(2).containsExactlyInAnyOrder(got.get(0).clientMsgId(), got.get(1).clientMsgId());

    Receipt sync = bobLaptop.awaitReceipt();
    assertThat(sync.kind()).isEqualTo(Receipt.Kind.READ);
    assertThat(sync.fromThisAccount()).isTrue();
    assertThat(sync.peerUserId()).isEqualTo(alice.account().userId());
    assertThat(bob.queuedReceipts()).as("delivered receipts of one's own devices are not reported").isZero();
  }

  @Test
  void groupReceiptsGoOnlyToThePosterAndOnlyInSmallGroupsNeverInChannels() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    TestClient carol = user("carol");
    TestClient dave = user("dave");
    get(alice.sdk().createGroup("small", List.of("bob", "carol"), Duration.ZERO));
    SendReceipt posted = get(alice.sdk().sendToGroup("small", "hello".getBytes(StandardCharsets.UTF_8), Duration.ZERO));
    GroupMessage atBob = bob.awaitGroupMessages(1).getFirst();
    carol.awaitGroupMessages(1);
    List<String> from = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Receipt r = alice.awaitReceipt();
      assertThat(r.kind()).isEqualTo(Receipt.Kind.DELIVERED);
      assertThat(r.groupId()).isEqualTo(atBob.groupId());
      assertThat(r.groupSeqs()).containsExactly(posted.groupSeq());
      from.add(r.fromUsername());
    }
    assertThat(from).containsExactlyInAnyOrder("bob", "carol");
    get(bob.sdk().markGroupRead(List.of(atBob)));
    Receipt read = alice.awaitReceipt();
    assertThat(read.kind()).isEqualTo(Receipt.Kind.READ);
    assertThat(read.fromUsername()).isEqualTo("bob");
    barrier(bob, carol);
    barrier(carol, bob);
    for (TestClient c : List.of(bob, carol)) {
      assertThat(c.drainReceipts()).as("only the poster hears").noneMatch(r -> r.groupId() != 0);
    }
    alice.drainReceipts();

    // Four members: over this server's limit of three, so no receipts at all.
    get(alice.sdk().createGroup("big", List.of("bob", "carol", "dave"), Duration.ZERO));
    get(alice.sdk().sendToGroup("big", "to many".getBytes(StandardCharsets.UTF_8), Duration.ZERO));
    GroupMessage big = bob.awaitGroupMessages(1).getFirst();
    get(bob.sdk().markGroupRead(List.of(big)));
    // A channel: never.
    get(alice.sdk().createChannel("news"));
    get(bob.sdk().joinChannel("news"));
    get(alice.sdk().sendToGroup("news", "extra".getBytes(StandardCharsets.UTF_8), Duration.ZERO));
    GroupMessage news = bob.awaitGroupMessages(1).getFirst();
    assertThat(news.channel()).isTrue();
    get(bob.sdk().markGroupRead(List.of(news)));
    barrier(bob, alice);
    assertThat(alice.drainReceipts()).noneMatch(r -> r.groupId() != 0);
  }

  /**
   * A member's SDK caches the group's size for its receipt decisions; a pushed membership change
   * makes it ask again, so receipts stop as soon as the group outgrows the limit and resume as soon as
   * it shrinks back, not minutes later.
   */
  @Test
  void receiptsFollowAGroupsSizeAsSoonAsAMemberIsToldOfAMembershipChange() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    user("carol");
    user("dave");
    get(alice.sdk().createGroup("club", List.of("bob", "carol"), Duration.ZERO));
    assertThat(bob.awaitGroupUpdate().change()).isEqualTo(GroupUpdate.Change.MEMBERS_ADDED);
    long small = post(alice, bob, "three of us");
    assertThat(groupReceiptsFromBob(alice, small)).containsExactly(small); // bob's SDK now knows 3 members

    get(alice.sdk().addMembers("club", List.of("dave")));
    assertThat(bob.awaitGroupUpdate().change()).isEqualTo(GroupUpdate.Change.MEMBERS_ADDED);
    long big = post(alice, bob, "four of us");
    // Bob's SDK decides on a receipt for that post after asking for the group list again; it asked
    // before this look of its own at the list, so it has decided when the look is answered. Removing
    // dave before then would let the answer count three members, and the post get a receipt.
    get(bob.sdk().groups());
    barrier(bob, alice);
    assertThat(alice.drainReceipts()).as("none for the post to four").noneMatch(r -> r.groupSeqs().contains(big));

    get(alice.sdk().removeMembers("club", List.of("dave")));
    assertThat(bob.awaitGroupUpdate().change()).isEqualTo(GroupUpdate.Change.MEMBER_REMOVED);
    long smallAgain = post(alice, bob, "three again");
    assertThat(groupReceiptsFromBob(alice, smallAgain)).containsExactly(smallAgain);
  }

  /**
   * bob's app hangs for good right after the read burst that handed "hi" over: the SDK saved its state
   * and acknowledged "hi" at the burst's end, and would have sent the delivered receipt with the next
   * task on its event loop, which never runs. Started again on the saved state, bob's SDK sends the
   * receipt it still owes; the message itself is not handed over again.
   */
  @Test
  void aDeliveredReceiptStillOwedWhenTheAppDiesIsSentAfterItStartsAgain() throws Exception {
    TestClient alice = user("alice");
    EventLoopGroup firstRunLoop = NettyTransport.best().newGroup(1, "bob-first-run");
    CountDownLatch hung = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ParleyClient firstRun = null;
    try {
      TestClient bob = live.track(TestClient.registered(live.server(), "bob", firstRunLoop));
      firstRun = bob.sdk();
      bob.onEachMessage(m -> firstRunLoop.next().execute(() -> {
        hung.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      byte[] id = new byte[16];
      id[0] = 7;
      get(alice.sdk().send("bob", id, "hi".getBytes(StandardCharsets.UTF_8), Duration.ZERO));
      assertThat(bob.awaitTexts(1)).containsExactly("hi");
      assertThat(hung.await(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      bob.onEachMessage(m -> {});

      bob.restartAfterHang();
      Receipt r = alice.awaitReceipt();
      assertThat(r.kind()).isEqualTo(Receipt.Kind.DELIVERED);
      assertThat(r.fromUsername()).isEqualTo("bob");
      assertThat(r.clientMsgIds()).singleElement().isEqualTo(id);
      barrier(alice, bob);
      assertThat(bob.queued()).as("\"hi\" was acknowledged before the hang").isZero();
    } finally {
      release.countDown();
      if (firstRun != null) firstRun.close();
      firstRunLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** Posts to "club" and waits until {@code reader} has it; returns its seq. */
  static long post(TestClient poster, TestClient reader, String text) throws Exception {
    long seq = get(poster.sdk().sendToGroup("club", text.getBytes(StandardCharsets.UTF_8), Duration.ZERO)).groupSeq();
    assertThat(reader.awaitGroupMessages(1).getFirst().seq()).isEqualTo(seq);
    return seq;
  }

  /** The seqs of bob's group receipts to {@code poster}, up to the one naming {@code last}. */
  static List<Long> groupReceiptsFromBob(TestClient poster, long last) throws Exception {
    List<Long> seqs = new ArrayList<>();
    while (!seqs.contains(last)) {
      Receipt r = poster.awaitReceipt();
      if (r.groupId() != 0 && r.fromUsername().equals("bob")) seqs.addAll(r.groupSeqs());
    }
    return seqs;
  }
}
