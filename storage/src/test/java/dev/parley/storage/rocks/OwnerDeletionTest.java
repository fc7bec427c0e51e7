package dev.parley.storage.rocks;

import static dev.parley.storage.rocks.TestData.T0;
import static dev.parley.storage.rocks.TestGroups.group;
import static dev.parley.storage.rocks.TestGroups.name;
import static dev.parley.storage.rocks.TestGroups.register;
import static dev.parley.storage.rocks.TestGroups.rows;
import static dev.parley.storage.rocks.TestGroups.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.parley.storage.account.UserId;
import dev.parley.storage.admin.UserDeletion;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupKind;
import dev.parley.storage.group.GroupSettings;
import dev.parley.storage.group.GroupStore;
import dev.parley.storage.group.Membership;
import dev.parley.storage.group.Role;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An operator deleting the account of a group's owner: the group passes on, or goes with it. */
@Timeout(30)
class OwnerDeletionTest {
  @TempDir Path dir;

  private RocksStorage open() {
    return RocksStorage.open(TestData.config(dir, SyncPolicy.FSYNC), new TestClock(T0), new SimpleMeterRegistry());
  }

  /** Registers owner, bob, carol and dave: user ids 1 to 4. */
  private static List<UserId> people(RocksStorage storage) {
    return List.of("owner", "bob", "carol", "dave").stream().map(n -> register(storage, n).user()).toList();
  }

  private static Optional<Role> role(GroupStore groups, Group g, UserId user) {
    return groups.membership(g.id(), user).join().map(Membership::role);
  }

  @Test
  void theAdminWithTheLowestUserIdInheritsEveryRowTheIndexAndTheRecord() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      List<UserId> u = people(storage);
      UserId owner = u.get(0), bob = u.get(1), carol = u.get(2), dave = u.get(3);
      Group channel = TestGroups.create(storage, GroupKind.CHANNEL, "news", owner, GroupSettings.channel());
      groups.addMembers(channel.id(), List.of(bob), Role.MEMBER, T0).join();
      groups.addMembers(channel.id(), List.of(dave, carol), Role.ADMIN, T0).join();

      UserDeletion done = storage.admin().deleteUser(owner).join().orElseThrow();

      assertThat(done.deletedGroups()).isEmpty();
      assertThat(done.successions()).hasSize(1);
      UserDeletion.Succession s = done.successions().getFirst();
      assertThat(s.owner()).isEqualTo(new Membership(channel.id(), carol, Role.OWNER, T0, 0));
      assertThat(s.group().owner()).isEqualTo(carol);
      assertThat(s.group().kind()).isEqualTo(GroupKind.CHANNEL);
      assertThat(groups.findById(channel.id()).join().orElseThrow().owner()).isEqualTo(carol);
      assertThat(role(groups, channel, carol)).contains(Role.OWNER);
      assertThat(groups.groupsOf(carol).join()).extracting(Membership::role).containsExactly(Role.OWNER);
      assertThat(role(groups, channel, bob)).as("a plain member stays one").contains(Role.MEMBER);
      assertThat(groups.admins(channel.id(), 10).join()).as("the heir left the index").containsExactly(dave);
      assertThat(groups.membership(channel.id(), owner).join()).isEmpty();
      assertThat(groups.memberCount(channel.id()).join()).isEqualTo(3);
    }
  }

  @Test
  void withNoAdminTheMemberWithTheLowestUserIdInheritsWhereverTheOwnerSorts() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      List<UserId> u = people(storage);
      UserId owner = u.get(0), bob = u.get(1), carol = u.get(2), dave = u.get(3);
      // The owner's own key is the group's first: the heir is the first key after it.
      Group first = group(storage, "first", owner);
      groups.addMembers(first.id(), List.of(dave, carol), Role.MEMBER, T0).join();
      // The owner sorts last, behind a crowd of higher ids and bob.
      Group last = group(storage, "last", dave);
      groups.addMembers(last.id(), users(10_000, 1_000), Role.MEMBER, T0).join();
      groups.addMembers(last.id(), List.of(bob), Role.MEMBER, T0).join();

      assertThat(storage.admin().deleteUser(owner).join().orElseThrow().successions())
          .extracting(s -> s.owner().user()).containsExactly(carol);
      assertThat(storage.admin().deleteUser(dave).join().orElseThrow().successions())
          .as("dave was only a member of the first")
          .extracting(s -> s.group().id(), s -> s.owner().user())
          .containsExactly(tuple(last.id(), bob));

      assertThat(groups.findById(first.id()).join().orElseThrow().owner()).isEqualTo(carol);
      assertThat(groups.memberCount(first.id()).join()).isEqualTo(1);
      assertThat(groups.findById(last.id()).join().orElseThrow().owner()).isEqualTo(bob);
      assertThat(role(groups, last, bob)).contains(Role.OWNER);
      assertThat(groups.groupsOf(bob).join()).extracting(Membership::role).containsExactly(Role.OWNER);
      assertThat(groups.memberCount(last.id()).join()).isEqualTo(1_001);
      assertThat(groups.admins(last.id(), 10).join()).isEmpty();
    }
  }

  @Test
  void aGroupWhoseOwnerWasTheOnlyMemberIsDeletedAndPurgedWithTheAccount() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      List<UserId> u = people(storage);
      UserId owner = u.get(0), bob = u.get(1);
      Group alone = group(storage, "alone", owner);
      Group shared = group(storage, "shared", bob);
      groups.addMembers(shared.id(), List.of(owner), Role.ADMIN, T0).join();

      UserDeletion done = storage.admin().deleteUser(owner).join().orElseThrow();

      assertThat(done.successions()).isEmpty();
      assertThat(done.deletedGroups()).extracting(Group::id).containsExactly(alone.id());
      assertThat(groups.findById(alone.id()).join()).isEmpty();
      assertThat(groups.findByName(name("alone")).join()).as("the name is free").isEmpty();
      assertThat(rows(storage, Family.GROUP_MEMBERS, Keys.group(alone.id()))).isZero();
      assertThat(rows(storage, Family.META, Keys.GROUP_PURGE_PREFIX)).as("the purge finished").isZero();
      // A group the user only administered just loses it.
      assertThat(groups.findById(shared.id()).join().orElseThrow().owner()).isEqualTo(bob);
      assertThat(groups.admins(shared.id(), 10).join()).isEmpty();
      assertThat(groups.memberCount(shared.id()).join()).isEqualTo(1);
      assertThat(storage.admin().deleteUser(owner).join()).isEmpty();
    }
  }
}
