package dev.parley.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.sdk.GroupMessage;
import dev.parley.protocol.sdk.GroupSummary;
import dev.parley.protocol.sdk.InboundMessage;
import dev.parley.protocol.sdk.MessageDelete;
import dev.parley.protocol.sdk.MessageEdit;
import dev.parley.protocol.sdk.MessageReaction;
import dev.parley.protocol.sdk.ParleyException;
import dev.parley.protocol.sdk.SendReceipt;
import dev.parley.protocol.sdk.e2e.proto.Content;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestClock;
import dev.parley.server.testkit.TestServer;
import dev.parley.storage.Storage;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.GroupEntry;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.GroupRead;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edits, deletes for everyone, reactions and view-once messages (1:1 and in groups), and group
 * administration (rename, settings, delete), through a real server whose clock the test moves.
 */
@Timeout(120)
class EditsAndGroupAdminTest {
  @TempDir Path data;
  final TestClock clock = new TestClock();
  final AtomicReference<Storage> storage = new AtomicReference<>();
  TestServer server;
  final List<TestClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    // Signed, not end-to-end, groups: the tests look at what the server stored (GroupEndToEndTest
    // covers edits of sender-key posts).
    server = TestServer.start(data, c -> c.withLimits(c.limits().withMaxE2eGroupMembers(0)), s -> {
      storage.set(s);
      return s;
    }, clock);
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

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  static void refused(ErrorCode code, CompletableFuture<?> f) {
    assertThatThrownBy(() -> get(f))
        .cause().isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  /** The stored entry at {@code seq} as the group's owner reads it from the store. */
  GroupEntry stored(long groupId, UserId reader, long seq) {
    GroupRead read = storage.get().groups().read(new GroupId(groupId), reader, seq - 1, 1, clock.millis()).join();
    List<GroupEntry> entries = ((GroupRead.Entries) read).entries();
    assertThat(entries).isNotEmpty();
    assertThat(entries.get(0).seq()).isEqualTo(seq);
    return entries.get(0);
  }

  @Test
  void theAuthorEditsAPostWithin48HoursTheStoredPostIsReplacedAndLaterEditsAreRefused() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    GroupSummary club = get(alice.sdk().createGroup("club", List.of("bob"), Duration.ZERO));
    SendReceipt original = get(alice.sdk().sendToGroup("club", utf8("helo"), Duration.ZERO));
    assertThat(text(bob.awaitGroupMessages(1).get(0).body())).isEqualTo("helo");

    clock.advance(Duration.ofHours(47));
    SendReceipt edit = get(alice.sdk().editInGroup("club", original.groupSeq(), utf8("hello")));
    assertThat(edit.groupSeq()).isEqualTo(original.groupSeq() + 1);
    MessageEdit seen = bob.awaitEvent(MessageEdit.class);
    assertThat(seen.target().groupId()).isEqualTo(club.groupId());
    assertThat(seen.target().seq()).isEqualTo(original.groupSeq());
    assertThat(seen.senderUsername()).isEqualTo("alice");
    assertThat(text(seen.body())).isEqualTo("hello");
    assertThat(seen.checked()).isTrue();
    assertThat(bob.queuedGroupMessages()).as("an edit is not a new message").isZero();

    // The log marks the post edited and keeps it as signed; a device that reads it only now gets it
    // marked edited, then the edit.
    GroupEntry entry = stored(club.groupId(), new UserId(alice.account().userId()), original.groupSeq());
    assertThat(entry.revision()).isInstanceOf(GroupEntry.Revision.Edited.class);
    assertThat(text(Content.parseFrom(entry.body()).getBody().toByteArray())).isEqualTo("helo");
    try (TestClient bobsTablet = TestClient.linkedTo(bob, "tablet")) {
      GroupMessage late = bobsTablet.awaitGroupMessages(1).get(0);
      assertThat(late.seq()).isEqualTo(original.groupSeq());
      assertThat(late.edited()).isTrue();
      assertThat(text(late.body())).isEqualTo("helo");
      MessageEdit lateEdit = bobsTablet.awaitEvent(MessageEdit.class);
      assertThat(lateEdit.target().seq()).isEqualTo(original.groupSeq());
      assertThat(text(lateEdit.body())).isEqualTo("hello");
    }

    refused(ErrorCode.NOT_ALLOWED, bob.sdk().editInGroup("club", original.groupSeq(), utf8("bob was here")));
    refused(ErrorCode.MESSAGE_NOT_FOUND, alice.sdk().editInGroup("club", 99, utf8("nothing there")));
    refused(ErrorCode.MESSAGE_NOT_FOUND, alice.sdk().editInGroup("club", edit.groupSeq(), utf8("an edit of an edit")));
    clock.advance(Duration.ofHours(1).plusMinutes(1));
    refused(ErrorCode.EDIT_WINDOW_PASSED, alice.sdk().editInGroup("club", original.groupSeq(), utf8("too late")));
    assertThat(stored(club.groupId(), new UserId(alice.account().userId()), original.groupSeq() + 1).revises())
        .isEqualTo(new GroupEntry.Revises.EditOf(original.groupSeq()));
    assertThat(text(Content.parseFrom(stored(club.groupId(), new UserId(alice.account().userId()), original.groupSeq()).body())
        .getBody().toByteArray())).as("the refused edit changed nothing").isEqualTo("helo");
  }

  @Test
  void deleteForEveryoneEmptiesTheStoredPostAndOnlyItsAuthorOrAnAdminMayDeleteIt() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    TestClient carol = user("carol");
    GroupSummary club = get(alice.sdk().createGroup("club", List.of("bob", "carol"), Duration.ZERO));
    UserId aliceId = new UserId(alice.account().userId());

    SendReceipt bobs = get(bob.sdk().sendToGroup("club", utf8("oops"), Duration.ZERO));
    alice.awaitGroupMessages(1);
    refused(ErrorCode.NOT_ALLOWED, carol.sdk().deleteInGroup("club", bobs.groupSeq()));
    get(bob.sdk().deleteInGroup("club", bobs.groupSeq()));
    MessageDelete gone = alice.awaitEvent(MessageDelete.class);
    assertThat(gone.target().seq()).isEqualTo(bobs.groupSeq());
    assertThat(gone.senderUsername()).isEqualTo("bob");
    GroupEntry tombstone = stored(club.groupId(), aliceId, bobs.groupSeq());
    assertThat(tombstone.body()).as("the body is gone from the server").isEmpty();
    assertThat(tombstone.revision()).isInstanceOf(GroupEntry.Revision.Deleted.class);
    refused(ErrorCode.MESSAGE_NOT_FOUND, bob.sdk().deleteInGroup("club", bobs.groupSeq()));

    SendReceipt carols = get(carol.sdk().sendToGroup("club", utf8("spam"), Duration.ZERO));
    alice.awaitGroupMessages(1);
    get(alice.sdk().deleteInGroup("club", carols.groupSeq()));
    assertThat(carol.awaitEvent(MessageDelete.class).target().seq()).as("bob's, earlier").isEqualTo(bobs.groupSeq());
    assertThat(carol.awaitEvent(MessageDelete.class).target().seq()).isEqualTo(carols.groupSeq());
    assertThat(stored(club.groupId(), aliceId, carols.groupSeq()).body()).isEmpty();

    // A device that reads the log only now never gets the deleted posts, only the deletions.
    get(alice.sdk().sendToGroup("club", utf8("after"), Duration.ZERO));
    try (TestClient alicesTablet = TestClient.linkedTo(alice, "tablet")) {
      assertThat(alicesTablet.awaitGroupMessages(1)).extracting(m -> text(m.body())).containsExactly("after");
      assertThat(alicesTablet.awaitEvent(MessageDelete.class).target().seq()).isEqualTo(bobs.groupSeq());
      assertThat(alicesTablet.awaitEvent(MessageDelete.class).target().seq()).isEqualTo(carols.groupSeq());
    }
  }

  @Test
  void oneToOneEditsAndDeletesAreAppliedOnlyFromTheAuthorWithin48Hours() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    TestClient carol = user("carol");
    byte[] id = utf8("0123456789abcdef");
    get(alice.sdk().send("bob", id, utf8("see you at 5"), Duration.ZERO));
    InboundMessage got = bob.awaitMessages(1).get(0);
    assertThat(got.clientMsgId()).isEqualTo(id);

    get(alice.sdk().edit("bob", id, utf8("see you at 6")));
    MessageEdit edit = bob.awaitEvent(MessageEdit.class);
    assertThat(edit.checked()).as("bob's SDK saw the original").isTrue();
    assertThat(edit.target().clientMsgId()).isEqualTo(id);
    assertThat(text(edit.body())).isEqualTo("see you at 6");

    // Someone else's edit of alice's message, and alice's own after 48 h, are dropped by bob's SDK.
    get(carol.sdk().edit("bob", id, utf8("forged")));
    clock.advance(Duration.ofHours(49));
    get(alice.sdk().edit("bob", id, utf8("too late")));
    get(carol.sdk().send("bob", utf8("marker")));
    assertThat(bob.awaitTexts(1)).containsExactly("marker");
    assertThat(bob.queuedEvents()).isZero();

    get(alice.sdk().deleteForEveryone("bob", id));
    MessageDelete delete = bob.awaitEvent(MessageDelete.class);
    assertThat(delete.target().clientMsgId()).isEqualTo(id);
    assertThat(delete.senderUserId()).isEqualTo(alice.account().userId());
    assertThat(delete.checked()).isTrue();
    assertThat(bob.queued()).isZero();

    // After a restart bob's SDK no longer knows the original: the edit comes, marked unchecked.
    byte[] later = utf8("fedcba9876543210");
    get(alice.sdk().send("bob", later, utf8("lunch?"), Duration.ZERO));
    bob.awaitMessages(1);
    bob.reconnect(server);
    get(alice.sdk().edit("bob", later, utf8("dinner?")));
    MessageEdit unchecked = bob.awaitEvent(MessageEdit.class);
    assertThat(unchecked.checked()).isFalse();
    assertThat(unchecked.senderUserId()).isEqualTo(alice.account().userId());
  }

  @Test
  void reactionsAndViewOnceMessagesReachTheOtherSide() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    get(alice.sdk().sendViewOnce("bob", utf8("secret photo"), Duration.ZERO));
    InboundMessage once = bob.awaitMessages(1).get(0);
    assertThat(once.viewOnce()).isTrue();
    assertThat(text(once.body())).isEqualTo("secret photo");
    get(bob.sdk().markViewed(once.clientMsgId()));
    assertThat(bob.awaitEvent(TestClient.ViewOnceExpired.class).clientMsgId()).isEqualTo(once.clientMsgId());
    assertThatThrownBy(() -> get(bob.sdk().markViewed(once.clientMsgId())))
        .as("viewed once only").cause().isInstanceOf(IllegalArgumentException.class);

    get(bob.sdk().react("alice", once.clientMsgId(), "🔥", false));
    MessageReaction fire = alice.awaitEvent(MessageReaction.class);
    assertThat(fire.target().clientMsgId()).isEqualTo(once.clientMsgId());
    assertThat(fire.emoji()).isEqualTo("🔥");
    assertThat(fire.removed()).isFalse();

    get(alice.sdk().createGroup("club", List.of("bob"), Duration.ZERO));
    SendReceipt post = get(alice.sdk().sendViewOnceToGroup("club", utf8("look once"), Duration.ofSeconds(30)));
    GroupMessage groupOnce = bob.awaitGroupMessages(1).get(0);
    assertThat(groupOnce.viewOnce()).isTrue();
    assertThat(groupOnce.expireAfterReadSeconds()).isEqualTo(30);
    get(bob.sdk().reactInGroup("club", post.groupSeq(), "👍", false));
    MessageReaction thumbs = alice.awaitEvent(MessageReaction.class);
    assertThat(thumbs.target().seq()).isEqualTo(post.groupSeq());
    assertThat(thumbs.groupName()).isEqualTo("club");
    get(bob.sdk().reactInGroup("club", post.groupSeq(), "👍", true));
    assertThat(alice.awaitEvent(MessageReaction.class).removed()).isTrue();
    assertThat(alice.queuedGroupMessages()).as("reactions are not messages").isEqualTo(1);
  }

  /**
   * View-once state is saved with the device's end-to-end state: a timer started before a restart
   * runs out after it by the SDK's clock (at once when its time passed meanwhile, without waiting),
   * and a message not yet viewed can still be viewed after one.
   */
  @Test
  void viewOnceTimersAndUnviewedMessagesSurviveARestartOfTheClient() throws Exception {
    TestClient alice = user("alice");
    TestClock bobsClock = new TestClock();
    TestClient bob = TestClient.registered(server, "bob", null, bobsClock);
    clients.add(bob);
    get(alice.sdk().sendViewOnce("bob", utf8("viewed before"), Duration.ofMinutes(1)));
    get(alice.sdk().sendViewOnce("bob", utf8("viewed after"), Duration.ZERO));
    List<InboundMessage> got = bob.awaitMessages(2);
    byte[] viewedBefore = got.get(0).clientMsgId();
    byte[] viewedAfter = got.get(1).clientMsgId();
    CompletableFuture<Void> timer = bob.sdk().markViewed(viewedBefore);
    bob.reconnect(server);
    assertThatThrownBy(() -> get(timer)).as("the closed client's caller hears no more")
        .cause().isInstanceOf(IllegalStateException.class);

    bobsClock.advance(Duration.ofSeconds(30));
    bob.reconnect(server);
    assertThat(bob.queuedEvents()).as("30 of its 60 seconds are left").isZero();

    bobsClock.advance(Duration.ofSeconds(31));
    bob.reconnect(server);
    assertThat(bob.awaitEvent(TestClient.ViewOnceExpired.class).clientMsgId()).isEqualTo(viewedBefore);

    get(bob.sdk().markViewed(viewedAfter));
    assertThat(bob.awaitEvent(TestClient.ViewOnceExpired.class).clientMsgId()).isEqualTo(viewedAfter);
    bob.reconnect(server);
    assertThat(bob.queuedEvents()).as("each expired once").isZero();
    assertThatThrownBy(() -> get(bob.sdk().markViewed(viewedBefore))).cause().isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyAdminsRenameAndChangeSettingsAndAdminsOnlyPostingIsEnforced() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    get(alice.sdk().createGroup("club", List.of("bob"), Duration.ZERO));
    get(alice.sdk().createGroup("taken", List.of(), Duration.ZERO));
    get(alice.sdk().createChannel("news"));

    refused(ErrorCode.NOT_ALLOWED, bob.sdk().renameGroup("club", "bobs-club"));
    refused(ErrorCode.GROUP_NAME_TAKEN, alice.sdk().renameGroup("club", "TAKEN"));
    refused(ErrorCode.INVALID_ARGUMENT, alice.sdk().renameGroup("club", "12345"));
    GroupSummary renamed = get(alice.sdk().renameGroup("club", "readers"));
    assertThat(renamed.name()).isEqualTo("readers");
    assertThat(get(bob.sdk().groups())).extracting(GroupSummary::name).containsExactly("readers");
    get(alice.sdk().createGroup("club", List.of(), Duration.ZERO)); // the old name is free

    refused(ErrorCode.NOT_ALLOWED, bob.sdk().updateGroupSettings("readers", false, null));
    GroupSummary quiet = get(alice.sdk().updateGroupSettings("readers", true, Duration.ofHours(1)));
    assertThat(quiet.messageTtlSeconds()).isEqualTo(3600);
    refused(ErrorCode.NOT_ALLOWED, bob.sdk().sendToGroup("readers", utf8("may I?"), Duration.ZERO));
    get(alice.sdk().setAdmin("readers", "bob", true));
    SendReceipt bobs = get(bob.sdk().sendToGroup("readers", utf8("now I may"), Duration.ZERO));
    GroupMessage post = alice.awaitGroupMessages(1).get(0);
    assertThat(post.expiresAtMs()).as("the new timer applies").isEqualTo(bobs.serverTimeMs() + 3_600_000);
    GroupSummary open = get(alice.sdk().updateGroupSettings("readers", false, null));
    assertThat(open.messageTtlSeconds()).as("an absent setting stays").isEqualTo(3600);

    refused(ErrorCode.INVALID_ARGUMENT, alice.sdk().updateGroupSettings("news", false, null));
    refused(ErrorCode.INVALID_ARGUMENT, alice.sdk().updateGroupSettings("readers", null, Duration.ofDays(100_000)));
  }

  @Test
  void theOwnerDeletesAGroupItsDataIsGoneAndMembersAreTold() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    GroupSummary club = get(alice.sdk().createGroup("club", List.of("bob"), Duration.ZERO));
    get(alice.sdk().sendToGroup("club", utf8("last words"), Duration.ZERO));
    bob.awaitGroupMessages(1);
    get(alice.sdk().setAdmin("club", "bob", true));
    refused(ErrorCode.NOT_ALLOWED, bob.sdk().deleteGroup("club"));

    assertThat(get(alice.sdk().deleteGroup("club"))).isEqualTo(club.groupId());
    TestClient.GroupDeleted told = bob.awaitEvent(TestClient.GroupDeleted.class);
    assertThat(told.groupId()).isEqualTo(club.groupId());
    assertThat(told.name()).isEqualTo("club");

    GroupId id = new GroupId(club.groupId());
    assertThat(storage.get().groups().findById(id).join()).isEmpty();
    assertThat(storage.get().groups().read(id, new UserId(alice.account().userId()), 0, 10, clock.millis()).join())
        .isInstanceOf(GroupRead.NotMember.class);
    assertThat(storage.get().groups().lastSeq(id).join()).isZero();
    assertThat(get(bob.sdk().groups())).isEmpty();
    refused(ErrorCode.GROUP_NOT_FOUND, bob.sdk().sendToGroup("club", utf8("anyone?"), Duration.ZERO));
    assertThat(get(alice.sdk().createGroup("club", List.of("bob"), Duration.ZERO)).groupId())
        .as("a new group with the old name, never the old id").isGreaterThan(club.groupId());
    get(alice.sdk().sendToGroup("club", utf8("fresh start"), Duration.ZERO));
    assertThat(bob.awaitGroupMessages(1)).extracting(m -> text(m.body())).containsExactly("fresh start");
  }
}
