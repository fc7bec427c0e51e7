package dev.parley.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.sdk.GroupMember;
import dev.parley.protocol.sdk.GroupSummary;
import dev.parley.protocol.sdk.GroupUpdate;
import dev.parley.protocol.sdk.GroupUpdate.Change;
import dev.parley.protocol.sdk.ParleyException;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestServer;
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

/**
 * Handing a group over, an owner leaving, and live members being told of group changes, through a
 * real server and real SDK clients.
 */
@Timeout(120)
class GroupOwnershipTest {
  @TempDir Path data;
  TestServer server;
  final List<TestClient> clients = new ArrayList<>();

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
    TestClient c = TestClient.registered(server, name);
    clients.add(c);
    return c;
  }

  static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  static void refused(ErrorCode code, CompletableFuture<?> f) {
    assertThatThrownBy(() -> get(f))
        .cause().isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  static List<String> roles(TestClient asker, String group) throws Exception {
    return get(asker.sdk().groupMembers(group)).stream().map(m -> m.username() + ":" + m.role()).toList();
  }

  /** The next group update, which must be {@code change}. */
  static GroupUpdate next(TestClient c, Change change) throws InterruptedException {
    GroupUpdate u = c.awaitGroupUpdate();
    assertThat(u.change()).as("update %s", u).isEqualTo(change);
    return u;
  }

  /**
   * Proves {@code c} was told nothing more: a 1:1 message sent now reaches its connection after
   * anything the server pushed to it before, so once it arrives nothing can still be on the way.
   */
  static void toldNothingMore(TestClient from, TestClient c) throws Exception {
    get(from.sdk().send(c.account().username(), "fence".getBytes(StandardCharsets.UTF_8)));
    assertThat(c.awaitTexts(1)).containsExactly("fence");
    assertThat(c.queuedGroupUpdates()).isZero();
  }

  @Test
  void aTransferMakesTheMemberOwnerAndTheOwnerAnAdminWhoCanNoLongerDelete() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    user("carol");
    get(alice.sdk().createGroup("club", List.of("bob", "carol"), Duration.ZERO));

    GroupSummary mine = get(alice.sdk().transferOwnership("club", "bob"));
    assertThat(mine.role()).isEqualTo("ADMIN");
    assertThat(roles(alice, "club")).containsExactlyInAnyOrder("alice:ADMIN", "bob:OWNER", "carol:MEMBER");
    assertThat(get(bob.sdk().groups())).extracting(GroupSummary::role).containsExactly("OWNER");

    refused(ErrorCode.NOT_ALLOWED, alice.sdk().deleteGroup("club"));
    refused(ErrorCode.NOT_ALLOWED, alice.sdk().setAdmin("club", "carol", true));
    refused(ErrorCode.NOT_ALLOWED, alice.sdk().transferOwnership("club", "alice"));
    get(bob.sdk().setAdmin("club", "carol", true));
    get(bob.sdk().setAdmin("club", "alice", false));
    assertThat(roles(bob, "club")).containsExactlyInAnyOrder("alice:MEMBER", "bob:OWNER", "carol:ADMIN");
    assertThat(get(bob.sdk().deleteGroup("club"))).isEqualTo(mine.groupId());
  }

  @Test
  void onlyTheOwnerTransfersAndOnlyToAMember() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    TestClient carol = user("carol");
    TestClient dave = user("dave");
    get(alice.sdk().createGroup("club", List.of("bob", "carol"), Duration.ZERO));
    get(alice.sdk().setAdmin("club", "bob", true));

    refused(ErrorCode.NOT_ALLOWED, carol.sdk().transferOwnership("club", "carol"));
    refused(ErrorCode.NOT_ALLOWED, bob.sdk().transferOwnership("club", "bob"));
    refused(ErrorCode.GROUP_NOT_FOUND, dave.sdk().transferOwnership("club", "dave"));
    refused(ErrorCode.USER_NOT_FOUND, alice.sdk().transferOwnership("club", "dave"));
    refused(ErrorCode.USER_NOT_FOUND, alice.sdk().transferOwnership("club", "nobody"));
    assertThat(get(alice.sdk().transferOwnership("club", "alice")).role()).as("to oneself: nothing changes").isEqualTo("OWNER");
    assertThat(roles(alice, "club")).containsExactlyInAnyOrder("alice:OWNER", "bob:ADMIN", "carol:MEMBER");
  }

  @Test
  void aChannelIsHandedOverTheSameWay() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    get(alice.sdk().createChannel("news"));
    get(bob.sdk().joinChannel("news"));

    assertThat(get(alice.sdk().transferOwnership("news", "bob")).role()).isEqualTo("ADMIN");
    get(bob.sdk().sendToGroup("news", "from the new owner".getBytes(StandardCharsets.UTF_8), Duration.ZERO));
    get(alice.sdk().sendToGroup("news", "still an admin".getBytes(StandardCharsets.UTF_8), Duration.ZERO));
    get(bob.sdk().setAdmin("news", "alice", false));
    refused(ErrorCode.NOT_ALLOWED,
        alice.sdk().sendToGroup("news", "a subscriber now".getBytes(StandardCharsets.UTF_8), Duration.ZERO));
  }

  @Test
  void anOwnerWhoLeavesIsSucceededByTheAdminWithTheLowestUserId() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    TestClient carol = user("carol");
    user("dave");
    get(alice.sdk().createGroup("club", List.of("bob", "carol", "dave"), Duration.ZERO));
    refused(ErrorCode.NOT_ALLOWED, alice.sdk().leaveGroup("club")); // members, but no admin to take over
    get(alice.sdk().setAdmin("club", "dave", true));
    get(alice.sdk().setAdmin("club", "carol", true));
    next(bob, Change.MEMBERS_ADDED);
    next(bob, Change.ROLE_CHANGED);
    next(bob, Change.ROLE_CHANGED);

    GroupSummary left = get(alice.sdk().leaveGroup("club"));
    assertThat(left.memberCount()).isEqualTo(3);
    assertThat(roles(bob, "club")).containsExactlyInAnyOrder("bob:MEMBER", "carol:OWNER", "dave:ADMIN");
    assertThat(get(alice.sdk().groups())).isEmpty();
    GroupUpdate owner = next(bob, Change.OWNER_CHANGED);
    assertThat(owner.byUsername()).isEqualTo("alice");
    assertThat(owner.members()).extracting(GroupMember::username, GroupMember::role).containsExactly(
        org.assertj.core.groups.Tuple.tuple("carol", "OWNER"));
    GroupUpdate gone = next(bob, Change.MEMBER_LEFT);
    assertThat(gone.members()).extracting(GroupMember::username).containsExactly("alice");
    assertThat(gone.members().get(0).role()).isEmpty();

    // The new owner rules: it deletes the group.
    get(carol.sdk().deleteGroup("club"));
  }

  @Test
  void theOnlyMemberLeavingDeletesTheGroupAndFreesItsName() throws Exception {
    TestClient alice = user("alice");
    GroupSummary solo = get(alice.sdk().createGroup("solo", List.of(), Duration.ZERO));

    GroupSummary left = get(alice.sdk().leaveGroup("solo"));
    assertThat(left.memberCount()).isZero();
    TestClient.GroupDeleted told = alice.awaitEvent(TestClient.GroupDeleted.class);
    assertThat(told.groupId()).isEqualTo(solo.groupId());
    assertThat(get(alice.sdk().groups())).isEmpty();
    refused(ErrorCode.GROUP_NOT_FOUND, alice.sdk().groupMembers(Long.toString(solo.groupId())));
    assertThat(get(alice.sdk().createGroup("solo", List.of(), Duration.ZERO)).groupId()).isGreaterThan(solo.groupId());
  }

  @Test
  void liveMembersAreToldOfChangesWhileARemovedMemberAndANonMemberAreNot() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    TestClient carol = user("carol");
    TestClient dave = user("dave");
    GroupSummary club = get(alice.sdk().createGroup("club", List.of("bob", "carol"), Duration.ZERO));
    GroupUpdate added = next(bob, Change.MEMBERS_ADDED);
    assertThat(added.byUsername()).isEqualTo("alice");
    assertThat(added.members()).extracting(GroupMember::username).containsExactlyInAnyOrder("bob", "carol");
    next(carol, Change.MEMBERS_ADDED);
    next(alice, Change.MEMBERS_ADDED);

    get(alice.sdk().removeMembers("club", List.of("carol")));
    GroupUpdate removed = next(bob, Change.MEMBER_REMOVED);
    assertThat(removed.members()).extracting(GroupMember::username).containsExactly("carol");
    assertThat(next(carol, Change.MEMBER_REMOVED).groupId()).as("told of its own removal").isEqualTo(club.groupId());

    get(alice.sdk().renameGroup("club", "readers"));
    GroupUpdate renamed = next(bob, Change.RENAMED);
    assertThat(renamed.name()).isEqualTo("readers");
    assertThat(renamed.previousName()).isEqualTo("club");
    assertThat(renamed.byUsername()).isEqualTo("alice");
    assertThat(renamed.byUserId()).isEqualTo(alice.account().userId());
    assertThat(renamed.channel()).isFalse();

    get(alice.sdk().updateGroupSettings("readers", true, Duration.ofHours(1)));
    GroupUpdate settings = next(bob, Change.SETTINGS_CHANGED);
    assertThat(settings.onlyAdminsPost()).isTrue();
    assertThat(settings.messageTtl()).isEqualTo(Duration.ofHours(1));
    get(alice.sdk().updateGroupSettings("readers", true, Duration.ofHours(1))); // no change, nobody told

    get(alice.sdk().setAdmin("readers", "bob", true));
    GroupUpdate promoted = next(bob, Change.ROLE_CHANGED);
    assertThat(promoted.members()).extracting(GroupMember::username, GroupMember::role)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("bob", "ADMIN"));
    get(alice.sdk().transferOwnership("readers", "bob"));
    GroupUpdate transferred = next(bob, Change.OWNER_CHANGED);
    assertThat(transferred.members()).extracting(GroupMember::username, GroupMember::role).containsExactly(
        org.assertj.core.groups.Tuple.tuple("bob", "OWNER"), org.assertj.core.groups.Tuple.tuple("alice", "ADMIN"));

    // The one making the changes hears of them too, in order.
    assertThat(List.of(alice.awaitGroupUpdate(), alice.awaitGroupUpdate(), alice.awaitGroupUpdate(),
            alice.awaitGroupUpdate(), alice.awaitGroupUpdate()))
        .extracting(GroupUpdate::change)
        .containsExactly(Change.MEMBER_REMOVED, Change.RENAMED, Change.SETTINGS_CHANGED, Change.ROLE_CHANGED,
            Change.OWNER_CHANGED);
    toldNothingMore(alice, carol);
    toldNothingMore(alice, dave);
    toldNothingMore(alice, bob);
  }

  @Test
  void inAChannelSubscribersHearOfRenamesButOnlyAdminsOfWhoJoinsAndLeaves() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    TestClient carol = user("carol");
    TestClient dave = user("dave");
    get(alice.sdk().createChannel("news"));
    get(bob.sdk().joinChannel("news"));
    get(alice.sdk().setAdmin("news", "bob", true));
    // The owner and admins are looked up before a membership notice goes out, so two such notices
    // made close together may arrive in either order.
    List<GroupUpdate> first = List.of(alice.awaitGroupUpdate(), alice.awaitGroupUpdate());
    assertThat(first).extracting(GroupUpdate::change).containsExactlyInAnyOrder(Change.MEMBERS_ADDED, Change.ROLE_CHANGED);
    assertThat(first).filteredOn(u -> u.change() == Change.MEMBERS_ADDED)
        .extracting(GroupUpdate::byUsername).as("a join: the joiner made it").containsExactly("bob");
    assertThat(changes(bob, 2)).containsExactlyInAnyOrder(Change.MEMBERS_ADDED, Change.ROLE_CHANGED); // about itself

    get(carol.sdk().joinChannel("news"));
    assertThat(next(alice, Change.MEMBERS_ADDED).members()).extracting(GroupMember::username).containsExactly("carol");
    next(bob, Change.MEMBERS_ADDED);
    next(carol, Change.MEMBERS_ADDED);
    get(dave.sdk().joinChannel("news"));
    get(dave.sdk().leaveGroup("news"));
    assertThat(changes(alice, 2)).containsExactlyInAnyOrder(Change.MEMBERS_ADDED, Change.MEMBER_LEFT);
    assertThat(changes(bob, 2)).containsExactlyInAnyOrder(Change.MEMBERS_ADDED, Change.MEMBER_LEFT);
    assertThat(changes(dave, 2)).containsExactlyInAnyOrder(Change.MEMBERS_ADDED, Change.MEMBER_LEFT);

    get(alice.sdk().renameGroup("news", "bulletin"));
    GroupUpdate renamed = next(carol, Change.RENAMED);
    assertThat(renamed.channel()).isTrue();
    assertThat(renamed.name()).isEqualTo("bulletin");
    next(alice, Change.RENAMED);
    next(bob, Change.RENAMED);
    toldNothingMore(alice, carol); // not of dave's joining and leaving
    toldNothingMore(alice, dave);
  }

  static List<Change> changes(TestClient c, int n) throws InterruptedException {
    List<Change> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(c.awaitGroupUpdate().change());
    return out;
  }
}
