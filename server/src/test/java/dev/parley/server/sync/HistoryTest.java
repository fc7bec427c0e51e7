package dev.parley.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.sdk.GroupMessage;
import dev.parley.protocol.sdk.HistoryEntry;
import dev.parley.protocol.sdk.HistoryPage;
import dev.parley.protocol.sdk.ParleyException;
import dev.parley.protocol.sdk.SendReceipt;
import dev.parley.protocol.sdk.SyncGap;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.GetHistory;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.testkit.RawConnection;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestClock;
import dev.parley.server.testkit.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Older history on demand ({@code GetHistory}) through a real server: paging back to the start,
 * reading what a TOO_LONG snapshot skipped (in an end-to-end group, with the sender keys the device
 * holds), the join point, refusals, expiry and the page cap. The server's clock is the test's, so
 * posts expire when the test says.
 */
@Timeout(180)
class HistoryTest {
  static final int CATCH_UP = 200;
  static final int SNAPSHOT = 20;
  static final int HISTORY_PAGE = 25;

  @TempDir Path data;
  final TestClock clock = new TestClock();
  TestServer server;
  final List<TestClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    server = TestServer.start(data, c -> c
        .withDelivery(new ServerConfig.Delivery(32, 16))
        .withSync(new ServerConfig.Sync(CATCH_UP, SNAPSHOT, 256, HISTORY_PAGE)), s -> s, clock);
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
  void aMemberPagesBackToTheStartAndGetsEveryPostExactlyOnceInOrderWithoutAnyLiveDelivery() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    alice.sdk().createChannel("news").get(10, TimeUnit.SECONDS);
    bob.sdk().joinChannel("news").get(10, TimeUnit.SECONDS);
    Map<Long, String> posts = SyncTest.post(alice, "news", 130);
    assertThat(bob.awaitGroupMessages(130)).extracting(GroupMessage::seq).containsExactlyElementsOf(posts.keySet());
    // Live, the first post waited for alice's identity key: one event, before any history.
    int eventsBefore = bob.queuedGroupEvents();

    List<HistoryPage> pages = allPages(bob, "news", 0);
    assertThat(pages).as("130 posts in pages of " + HISTORY_PAGE).hasSize(6);
    List<GroupMessage> read = posts(pages);
    assertThat(read).extracting(GroupMessage::seq).containsExactlyElementsOf(posts.keySet());
    assertThat(read).extracting(SyncTest::text).containsExactlyElementsOf(posts.values());
    assertThat(read).allSatisfy(m -> {
      assertThat(m.channel()).isTrue();
      assertThat(m.groupName()).isEqualTo("news");
      assertThat(m.senderUsername()).isEqualTo("alice");
    });

    // A pull API: nothing went to the listener, and live delivery goes on where it was.
    assertThat(bob.queuedGroupMessages()).isZero();
    assertThat(bob.queuedGroupEvents()).isEqualTo(eventsBefore);
    long next = alice.sdk().sendToGroup("news", SyncTest.utf8("live"), Duration.ZERO).get(10, TimeUnit.SECONDS).groupSeq();
    assertThat(bob.awaitGroupMessages(1)).extracting(GroupMessage::seq).containsExactly(next);
    assertThat(bob.queuedGroupMessages()).isZero();
  }

  @Test
  void aDeviceThatGotATooLongSnapshotReadsTheSkippedRangeWithTheSenderKeysItHolds() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    var created = alice.sdk().createGroup("busy", List.of("bob"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    assertThat(created.endToEnd()).isTrue();
    long group = created.groupId();
    bob.close();

    Map<Long, String> posts = SyncTest.post(alice, "busy", CATCH_UP + 100);
    long last = posts.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
    long skippedTo = last - SNAPSHOT;

    bob.reconnect(server);
    assertThat(bob.awaitSyncGap()).isEqualTo(new SyncGap(group, 1, skippedTo));
    assertThat(bob.awaitGroupMessages(SNAPSHOT)).extracting(GroupMessage::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(skippedTo + 1, last).boxed().toList());

    // The skipped range, back to the start: every post, decrypted with the message keys the jump
    // over it left stored, in order and once.
    List<GroupMessage> skipped = posts(allPages(bob, Long.toString(group), skippedTo + 1));
    assertThat(skipped).extracting(GroupMessage::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, skippedTo).boxed().toList());
    assertThat(skipped).extracting(SyncTest::text)
        .containsExactlyElementsOf(new TreeMap<>(posts).headMap(skippedTo + 1).values());
    // Reading it used up nothing: the same range reads again.
    assertThat(posts(List.of(bob.sdk().history(group, skippedTo + 1, 5).get(10, TimeUnit.SECONDS))))
        .extracting(SyncTest::text).containsExactlyElementsOf(new TreeMap<>(posts).subMap(skippedTo - 4, skippedTo + 1).values());

    // What the device already read live is gone from its keys (forward secrecy): reported, not thrown.
    HistoryPage newest = bob.sdk().history(group, 0, SNAPSHOT).get(10, TimeUnit.SECONDS);
    assertThat(newest.entries()).hasSize(SNAPSHOT).allSatisfy(e -> {
      assertThat(e).isInstanceOf(HistoryEntry.Unreadable.class);
      assertThat(((HistoryEntry.Unreadable) e).senderUserId()).isEqualTo(alice.account().userId());
    });
    assertThat(newest.more()).isTrue();
    assertThat(newest.nextBeforeSeq()).isEqualTo(skippedTo + 1);

    // History moved no cursor and delivered nothing: the group goes on without repeats or gaps.
    assertThat(bob.queuedGroupMessages()).isZero();
    assertThat(bob.queuedSyncGaps()).isZero();
    alice.sdk().sendToGroup("busy", SyncTest.utf8("after"), Duration.ZERO).get(10, TimeUnit.SECONDS);
    assertThat(bob.awaitGroupMessages(1)).extracting(SyncTest::text).containsExactly("after");
    assertThat(bob.queuedGroupMessages()).isZero();
  }

  @Test
  void aMemberReadsOnlyFromItsJoinPointAndStrangersAndRemovedMembersAreRefused() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    TestClient carol = user("carol");
    long group = alice.sdk().createChannel("club").get(10, TimeUnit.SECONDS).groupId();
    bob.sdk().joinChannel("club").get(10, TimeUnit.SECONDS);
    Map<Long, String> before = SyncTest.post(alice, "club", 5);
    carol.sdk().joinChannel("club").get(10, TimeUnit.SECONDS);
    Map<Long, String> after = SyncTest.post(alice, "club", 3);

    HistoryPage carols = carol.sdk().history("club", 0, 0).get(10, TimeUnit.SECONDS);
    assertThat(posts(List.of(carols))).extracting(SyncTest::text).containsExactlyElementsOf(after.values());
    assertThat(carols.more()).as("nothing from before carol joined").isFalse();
    HistoryPage olderForCarol = carol.sdk().history(group, carols.nextBeforeSeq(), 0).get(10, TimeUnit.SECONDS);
    assertThat(olderForCarol.entries()).isEmpty();
    assertThat(olderForCarol.more()).isFalse();
    assertThat(posts(List.of(bob.sdk().history("club", 0, 0).get(10, TimeUnit.SECONDS)))).hasSize(8);

    // Removed: refused like a stranger, by id (by name the SDK no longer finds it among its groups).
    alice.sdk().removeMembers("club", List.of("bob")).get(10, TimeUnit.SECONDS);
    assertThat(refusal(() -> bob.sdk().history(group, 0, 0).get(10, TimeUnit.SECONDS))).isEqualTo(ErrorCode.GROUP_NOT_FOUND);
    assertThat(refusal(() -> bob.sdk().history("club", 0, 0).get(10, TimeUnit.SECONDS))).isEqualTo(ErrorCode.GROUP_NOT_FOUND);

    try (RawConnection mallory = RawConnection.tls(server)) {
      mallory.registerWithPrekeys("mallory");
      assertThat(answer(mallory, 10, GetHistory.newBuilder().setGroupId(group))).isEqualTo(ErrorCode.GROUP_NOT_FOUND);
      assertThat(answer(mallory, 11, GetHistory.newBuilder().setGroupId(group + 1000))).isEqualTo(ErrorCode.GROUP_NOT_FOUND);
      assertThat(answer(mallory, 12, GetHistory.newBuilder())).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(answer(mallory, 13, GetHistory.newBuilder().setGroupId(group).setBeforeSeq(-1)))
          .isEqualTo(ErrorCode.INVALID_ARGUMENT);
      // Still connected: a request after the refusals is answered.
      mallory.send(ClientFrame.newBuilder().setRequestId(14).setPing(dev.parley.protocol.v1.Ping.getDefaultInstance()).build());
      assertThat(mallory.read().getRequestId()).isEqualTo(14);
    }
    assertThat(before).hasSize(5);
  }

  @Test
  void expiredPostsAreNeverReturned() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    long group = alice.sdk().createChannel("fleeting").get(10, TimeUnit.SECONDS).groupId();
    bob.sdk().joinChannel("fleeting").get(10, TimeUnit.SECONDS);
    List<Long> kept = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      boolean lasting = i % 2 == 0;
      SendReceipt r = alice.sdk().sendToGroup("fleeting", SyncTest.utf8("post " + i),
          lasting ? Duration.ZERO : Duration.ofMinutes(1)).get(10, TimeUnit.SECONDS);
      if (lasting) kept.add(r.groupSeq());
    }
    assertThat(posts(List.of(bob.sdk().history(group, 0, 0).get(10, TimeUnit.SECONDS)))).hasSize(6);

    clock.advance(Duration.ofMinutes(2));
    List<HistoryPage> pages = allPages(bob, "fleeting", 0);
    assertThat(posts(pages)).extracting(GroupMessage::seq).containsExactlyElementsOf(kept);
    // A page of one below the newest kept post skips the expired one between them.
    HistoryPage one = bob.sdk().history(group, kept.get(2), 1).get(10, TimeUnit.SECONDS);
    assertThat(one.entries()).extracting(HistoryEntry::seq).containsExactly(kept.get(1));
    assertThat(one.more()).isTrue();
  }

  @Test
  void theLimitIsCappedToTheServersPageSizeAndAPageIsCutToFitAFrame() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    long group = alice.sdk().createChannel("wide").get(10, TimeUnit.SECONDS).groupId();
    bob.sdk().joinChannel("wide").get(10, TimeUnit.SECONDS);
    Map<Long, String> posts = SyncTest.post(alice, "wide", HISTORY_PAGE + 10);

    HistoryPage asked = bob.sdk().history(group, 0, 1_000).get(10, TimeUnit.SECONDS);
    assertThat(asked.entries()).hasSize(HISTORY_PAGE);
    assertThat(asked.more()).isTrue();
    assertThat(bob.sdk().history(group, 0, 0).get(10, TimeUnit.SECONDS).entries()).hasSize(HISTORY_PAGE);
    assertThat(bob.sdk().history(group, 0, 7).get(10, TimeUnit.SECONDS).entries()).hasSize(7);
    assertThat(posts(List.of(asked))).extracting(GroupMessage::seq)
        .containsExactlyElementsOf(posts.keySet().stream().skip(10).toList());

    // Six posts of 50,000 bytes do not fit one frame (256 KiB): the page is cut, paging goes on.
    String big = "x".repeat(50_000);
    List<Long> bigSeqs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      bigSeqs.add(alice.sdk().sendToGroup("wide", SyncTest.utf8(big + i), Duration.ZERO).get(10, TimeUnit.SECONDS).groupSeq());
    }
    HistoryPage cut = bob.sdk().history(group, 0, 0).get(10, TimeUnit.SECONDS);
    assertThat(cut.entries().size()).isBetween(1, 5);
    assertThat(cut.more()).isTrue();
    List<GroupMessage> all = posts(allPages(bob, "wide", 0));
    assertThat(all).extracting(GroupMessage::seq).endsWith(bigSeqs.toArray(Long[]::new)).hasSize(HISTORY_PAGE + 16);
  }

  // ---------------------------------------------------------------------------------------------

  /** Every page from {@code before} back to the start, checking each is oldest first and below the last. */
  static List<HistoryPage> allPages(TestClient c, String group, long before) throws Exception {
    List<HistoryPage> pages = new ArrayList<>();
    long next = before;
    while (true) {
      HistoryPage page = c.sdk().history(group, next, 0).get(10, TimeUnit.SECONDS);
      List<Long> seqs = page.entries().stream().map(HistoryEntry::seq).toList();
      assertThat(seqs).isSorted().doesNotHaveDuplicates();
      long bound = next == 0 ? Long.MAX_VALUE : next;
      assertThat(seqs).allSatisfy(s -> assertThat(s).isLessThan(bound));
      pages.addFirst(page);
      if (!page.more()) return pages;
      next = page.nextBeforeSeq();
      assertThat(next).isPositive();
    }
  }

  /** The posts of {@code pages} (oldest page first), failing on anything else. */
  static List<GroupMessage> posts(List<HistoryPage> pages) {
    List<GroupMessage> out = new ArrayList<>();
    for (HistoryPage p : pages) {
      for (HistoryEntry e : p.entries()) {
        assertThat(e).isInstanceOf(HistoryEntry.Post.class);
        out.add(((HistoryEntry.Post) e).message());
      }
    }
    return out;
  }

  interface Call {
    Object run() throws Exception;
  }

  static ErrorCode refusal(Call call) {
    try {
      call.run();
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ParleyException.class);
      return ((ParleyException) e.getCause()).code();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("not refused");
  }

  static ErrorCode answer(RawConnection c, long requestId, GetHistory.Builder ask) throws Exception {
    c.send(ClientFrame.newBuilder().setRequestId(requestId).setGetHistory(ask).build());
    ServerFrame f = c.read();
    assertThat(f.getRequestId()).isEqualTo(requestId);
    assertThat(f.getBodyCase()).isEqualTo(ServerFrame.BodyCase.ERROR);
    return f.getError().getCode();
  }
}
