package dev.parley.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.sdk.GroupMember;
import dev.parley.protocol.sdk.GroupSummary;
import dev.parley.protocol.sdk.GroupUpdate;
import dev.parley.protocol.sdk.GroupUpdate.Change;
import dev.parley.server.cli.ExitCodes;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestServer;
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
 * The operator deleting a group owner's account ({@code parley admin users delete}) over the real
 * admin socket: the group passes on in the same write and live members are told.
 */
@Timeout(120)
class OwnerDeletionTest {
  @TempDir Path data;
  TestServer server;
  Admin admin;
  final List<TestClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    server = TestServer.start(data);
    admin = new Admin(data);
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

  static List<String> roles(TestClient asker, String group) throws Exception {
    return get(asker.sdk().groupMembers(group)).stream().map(m -> m.username() + ":" + m.role()).toList();
  }

  static GroupUpdate next(TestClient c, Change change) throws InterruptedException {
    GroupUpdate u = c.awaitGroupUpdate();
    assertThat(u.change()).as("update %s", u).isEqualTo(change);
    return u;
  }

  @Test
  void theAdminWithTheLowestUserIdBecomesOwnerMembersAreToldAndItCanDeleteTheGroup() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    TestClient carol = user("carol");
    user("dave");
    GroupSummary club = get(alice.sdk().createGroup("club", List.of("bob", "carol", "dave"), Duration.ZERO));
    get(alice.sdk().setAdmin("club", "dave", true));
    get(alice.sdk().setAdmin("club", "carol", true));
    for (TestClient c : List.of(bob, carol)) {
      next(c, Change.MEMBERS_ADDED);
      next(c, Change.ROLE_CHANGED);
      next(c, Change.ROLE_CHANGED);
    }

    JsonNode deleted = admin.ok("users", "delete", "alice");

    assertThat(deleted.get("groups_passed_on")).hasSize(1);
    assertThat(deleted.get("groups_passed_on").get(0).get("group_id").asLong()).isEqualTo(club.groupId());
    assertThat(deleted.get("groups_passed_on").get(0).get("owner_user_id").asLong()).isEqualTo(carol.account().userId());
    assertThat(deleted.get("groups_deleted")).isEmpty();
    GroupUpdate owner = next(bob, Change.OWNER_CHANGED);
    assertThat(owner.byUserId()).as("no user made the change").isZero();
    assertThat(owner.members()).extracting(GroupMember::username, GroupMember::role).containsExactly(tuple("carol", "OWNER"));
    GroupUpdate gone = next(bob, Change.MEMBER_REMOVED);
    assertThat(gone.members()).extracting(GroupMember::username).containsExactly("alice");
    assertThat(next(carol, Change.OWNER_CHANGED).members()).extracting(GroupMember::username).containsExactly("carol");
    assertThat(roles(bob, "club")).containsExactlyInAnyOrder("bob:MEMBER", "carol:OWNER", "dave:ADMIN");

    assertThat(get(carol.sdk().deleteGroup("club"))).isEqualTo(club.groupId());
    assertThat(admin.run("groups", "show", "club").exit()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void withNoAdminTheMemberWithTheLowestUserIdBecomesOwnerOfAGroupOrAChannel() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    TestClient carol = user("carol");
    // Carol was added first; bob registered first.
    get(alice.sdk().createGroup("club", List.of("carol"), Duration.ZERO));
    get(alice.sdk().addMembers("club", List.of("bob")));
    get(alice.sdk().createChannel("news"));
    get(carol.sdk().joinChannel("news"));
    get(bob.sdk().joinChannel("news"));

    JsonNode deleted = admin.ok("users", "delete", "alice");

    assertThat(deleted.get("groups_passed_on")).extracting(g -> g.get("owner_user_id").asLong())
        .containsOnly(bob.account().userId()).hasSize(2);
    assertThat(roles(carol, "club")).containsExactlyInAnyOrder("bob:OWNER", "carol:MEMBER");
    assertThat(roles(bob, "news")).containsExactlyInAnyOrder("bob:OWNER", "carol:MEMBER");
    assertThat(get(bob.sdk().groups())).extracting(GroupSummary::role).containsOnly("OWNER");
    // The new owner rules both.
    get(bob.sdk().removeMembers("club", List.of("carol")));
    get(bob.sdk().setAdmin("news", "carol", true));
    assertThat(roles(bob, "news")).containsExactlyInAnyOrder("bob:OWNER", "carol:ADMIN");
  }

  @Test
  void aGroupWhoseOwnerWasItsOnlyMemberIsDeletedWithTheAccountAndItsNameFreed() throws Exception {
    TestClient alice = user("alice");
    TestClient bob = user("bob");
    GroupSummary solo = get(alice.sdk().createGroup("solo", List.of(), Duration.ZERO));

    JsonNode deleted = admin.ok("users", "delete", "alice");

    assertThat(deleted.get("groups_passed_on")).isEmpty();
    assertThat(deleted.get("groups_deleted")).extracting(JsonNode::asText).containsExactly("solo");
    assertThat(admin.run("groups", "show", "solo").exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(admin.ok("groups", "list").get("groups")).isEmpty();
    assertThat(get(bob.sdk().createGroup("solo", List.of(), Duration.ZERO)).groupId()).isGreaterThan(solo.groupId());
  }
}
