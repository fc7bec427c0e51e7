package dev.parley.storage.rocks;

import static dev.parley.storage.rocks.TestData.T0;
import static dev.parley.storage.rocks.TestGroups.group;
import static dev.parley.storage.rocks.TestGroups.name;
import static dev.parley.storage.rocks.TestGroups.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.parley.storage.account.UserId;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupCreation;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.GroupKind;
import dev.parley.storage.group.GroupName;
import dev.parley.storage.group.GroupSettings;
import dev.parley.storage.group.GroupStore;
import dev.parley.storage.group.GroupUpdate;
import dev.parley.storage.group.MemberUpdate;
import dev.parley.storage.group.MembersAdded;
import dev.parley.storage.group.Membership;
import dev.parley.storage.group.Role;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RocksGroupStoreTest {
  private static final UserId OWNER = new UserId(1);
  private static final UserId BOB = new UserId(2);
  private static final UserId CAROL = new UserId(3);
  private static final UserId DAVE = new UserId(4);

  @TempDir Path dir;

  private RocksStorage open() {
    return RocksStorage.open(TestData.config(dir, SyncPolicy.FSYNC), new TestClock(T0), new SimpleMeterRegistry());
  }

  @Test
  void aCreatedGroupIsFoundByIdAndByItsNameInAnyCase() {
    try (RocksStorage storage = open()) {
      GroupSettings settings = new GroupSettings(false, true, 50, 3_600);
      var created =
          (GroupCreation.Created)
              storage.groups().create(GroupKind.GROUP, name("Book.Club-2"), OWNER, settings, T0).join();

      Group group = created.group();
      assertThat(group.name()).isEqualTo(new GroupName("book.club-2"));
      assertThat(group.owner()).isEqualTo(OWNER);
      assertThat(group.settings()).isEqualTo(settings);
      assertThat(created.owner()).isEqualTo(new Membership(group.id(), OWNER, Role.OWNER, T0, 0));
      assertThat(storage.groups().findById(group.id()).join()).contains(group);
      assertThat(storage.groups().findByName(name("BOOK.CLUB-2")).join()).contains(group);
      assertThat(storage.groups().memberCount(group.id()).join()).isEqualTo(1);
      assertThat(GroupName.parse("no")).isEmpty();
      assertThat(GroupName.parse("x".repeat(65))).isEmpty();
      assertThat(GroupName.parse("spaces are not allowed")).isEmpty();
    }
  }

  @Test
  void aNameIsTakenCaseInsensitivelyAndARenameFreesTheOldOne() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      Group first = group(storage, "Friends", OWNER);
      Group other = group(storage, "others", BOB);

      assertThat(groups.create(GroupKind.CHANNEL, name("FRIENDS"), BOB, GroupSettings.channel(), T0).join())
          .isEqualTo(new GroupCreation.NameTaken(name("friends")));
      assertThat(groups.rename(other.id(), name("friends")).join())
          .isEqualTo(new GroupUpdate.NameTaken(name("friends")));
      assertThat(groups.rename(first.id(), name("pals")).join())
          .isInstanceOfSatisfying(GroupUpdate.Updated.class, u -> assertThat(u.group().name()).isEqualTo(name("pals")));
      assertThat(groups.findByName(name("friends")).join()).isEmpty();
      assertThat(groups.rename(other.id(), name("friends")).join()).isInstanceOf(GroupUpdate.Updated.class);
      assertThat(groups.findByName(name("friends")).join()).map(Group::id).contains(other.id());
      assertThat(other.id().value()).isGreaterThan(first.id().value());
    }
  }

  @Test
  void membersAreAddedRemovedAndGivenRoles() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      Group group = group(storage, "team", OWNER);

      var added = (MembersAdded.Added) groups.addMembers(group.id(), List.of(BOB, CAROL, BOB), Role.MEMBER, T0).join();
      var again = (MembersAdded.Added) groups.addMembers(group.id(), List.of(CAROL, DAVE), Role.ADMIN, T0).join();

      assertThat(added.added()).extracting(Membership::user).containsExactly(BOB, CAROL);
      assertThat(again.added()).extracting(Membership::user, Membership::role).containsExactly(tuple(DAVE, Role.ADMIN));
      assertThat(again.alreadyMembers()).containsExactly(CAROL);
      assertThat(groups.memberCount(group.id()).join()).isEqualTo(4);
      assertThat(groups.setRole(group.id(), BOB, Role.ADMIN).join()).isEqualTo(MemberUpdate.UPDATED);
      assertThat(groups.setRole(group.id(), OWNER, Role.MEMBER).join()).isEqualTo(MemberUpdate.OWNER_IS_FIXED);
      assertThat(groups.removeMember(group.id(), OWNER).join()).isEqualTo(MemberUpdate.OWNER_IS_FIXED);
      assertThat(groups.removeMember(group.id(), CAROL).join()).isEqualTo(MemberUpdate.UPDATED);
      assertThat(groups.removeMember(group.id(), CAROL).join()).isEqualTo(MemberUpdate.NOT_A_MEMBER);
      assertThat(groups.setRole(group.id(), CAROL, Role.ADMIN).join()).isEqualTo(MemberUpdate.NOT_A_MEMBER);

      assertThat(groups.members(group.id(), 0, 10).join())
          .extracting(Membership::user, Membership::role)
          .containsExactly(tuple(OWNER, Role.OWNER), tuple(BOB, Role.ADMIN), tuple(DAVE, Role.ADMIN));
      assertThat(groups.members(group.id(), BOB.value(), 1).join()).extracting(Membership::user).containsExactly(DAVE);
      assertThat(groups.membership(group.id(), BOB).join()).map(Membership::role).contains(Role.ADMIN);
      assertThat(groups.membership(group.id(), CAROL).join()).isEmpty();
      assertThat(groups.groupsOf(BOB).join()).extracting(Membership::role).containsExactly(Role.ADMIN);
      assertThat(groups.groupsOf(CAROL).join()).isEmpty();
      assertThat(groups.memberCount(group.id()).join()).isEqualTo(3);
      assertThatIllegalArgumentException()
          .isThrownBy(() -> groups.addMembers(group.id(), List.of(BOB), Role.OWNER, T0));
    }
  }

  @Test
  void theMemberLimitAdmitsAllOfAPageOrNoneOfIt() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      Group group = TestGroups.create(storage, GroupKind.GROUP, "small", OWNER, GroupSettings.group(5));
      groups.addMembers(group.id(), users(10, 3), Role.MEMBER, T0).join(); // 4 of 5

      MembersAdded refused = groups.addMembers(group.id(), users(12, 3), Role.MEMBER, T0).join();

      // Users 13 and 14 are new, 12 is a member already: two new members do not fit in one place.
      assertThat(refused).isEqualTo(new MembersAdded.OverLimit(5, 4, 2));
      assertThat(groups.memberCount(group.id()).join()).isEqualTo(4);
      assertThat(groups.membership(group.id(), new UserId(13)).join()).isEmpty();
      assertThat(groups.addMembers(group.id(), users(12, 2), Role.MEMBER, T0).join())
          .isEqualTo(
              new MembersAdded.Added(
                  List.of(new Membership(group.id(), new UserId(13), Role.MEMBER, T0, 0)), List.of(new UserId(12))));
      assertThat(groups.memberCount(group.id()).join()).isEqualTo(5);
      assertThat(groups.addMembers(group.id(), users(20, 1), Role.MEMBER, T0).join())
          .isEqualTo(new MembersAdded.OverLimit(5, 5, 1));
    }
  }

  @Test
  void groupsOfListsExactlyTheUsersGroups() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      Group a = group(storage, "alpha", OWNER);
      Group b = group(storage, "beta", BOB);
      Group c = TestGroups.create(storage, GroupKind.CHANNEL, "gamma", OWNER, GroupSettings.channel());
      Group d = group(storage, "delta", CAROL);
      groups.addMembers(b.id(), List.of(OWNER), Role.ADMIN, T0).join();
      groups.addMembers(d.id(), List.of(OWNER), Role.MEMBER, T0).join();
      groups.addMembers(c.id(), List.of(BOB), Role.MEMBER, T0).join();
      groups.removeMember(d.id(), OWNER).join();

      assertThat(groups.groupsOf(OWNER).join())
          .extracting(Membership::group, Membership::role)
          .containsExactly(tuple(a.id(), Role.OWNER), tuple(b.id(), Role.ADMIN), tuple(c.id(), Role.OWNER));
      assertThat(groups.groupsOf(BOB).join()).extracting(Membership::group).containsExactly(b.id(), c.id());
      assertThat(groups.groupsOf(DAVE).join()).isEmpty();
    }
  }

  @Test
  void aChannelAlwaysLetsOnlyAdminsPost() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      GroupSettings open = new GroupSettings(false, true, GroupSettings.UNLIMITED, 0);
      assertThatIllegalArgumentException()
          .isThrownBy(() -> groups.create(GroupKind.CHANNEL, name("news"), OWNER, open, T0));
      Group channel = TestGroups.create(storage, GroupKind.CHANNEL, "news", OWNER, GroupSettings.channel());
      Group group = group(storage, "chat", OWNER);

      assertThatThrownBy(() -> groups.updateSettings(channel.id(), open).join())
          .hasCauseInstanceOf(IllegalArgumentException.class);
      assertThat(groups.updateSettings(group.id(), open).join())
          .isEqualTo(new GroupUpdate.Updated(withSettings(group, open)));
      assertThat(groups.findById(channel.id()).join()).contains(channel);
      assertThat(groups.updateSettings(new GroupId(999), open).join())
          .isEqualTo(new GroupUpdate.NoSuchGroup());
    }
  }

  @Test
  void badArgumentsAreRefusedAtOnce() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      Group group = group(storage, "args", OWNER);
      assertThatIllegalArgumentException().isThrownBy(() -> new GroupSettings(false, false, 0, 0));
      assertThatIllegalArgumentException().isThrownBy(() -> new GroupSettings(false, false, 1, -1));
      assertThatIllegalArgumentException().isThrownBy(() -> groups.setRole(group.id(), BOB, Role.OWNER));
      assertThatIllegalArgumentException().isThrownBy(() -> groups.members(group.id(), -1, 10));
      assertThatIllegalArgumentException().isThrownBy(() -> groups.members(group.id(), 0, 0));
      assertThatIllegalArgumentException().isThrownBy(() -> groups.read(group.id(), OWNER, -1, 10, T0));
      assertThatIllegalArgumentException().isThrownBy(() -> groups.tombstone(group.id(), 0, OWNER, T0));
      assertThat(groups.members(group.id(), Long.MAX_VALUE, 10).join()).isEmpty();
    }
  }

  private static Group withSettings(Group g, GroupSettings settings) {
    return new Group(g.id(), g.kind(), g.name(), g.createdAtMs(), g.owner(), settings);
  }
}
