package dev.parley.storage.rocks;

import static dev.parley.storage.rocks.TestData.T0;
import static dev.parley.storage.rocks.TestGroups.group;
import static dev.parley.storage.rocks.TestGroups.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.storage.account.UserId;
import dev.parley.storage.group.Departure;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupStore;
import dev.parley.storage.group.Membership;
import dev.parley.storage.group.OwnerChange;
import dev.parley.storage.group.Role;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

/** Handing a group over, an owner leaving, and the admin index both rely on. */
@Timeout(30)
class GroupOwnershipTest {
  private static final UserId OWNER = new UserId(1);
  private static final UserId BOB = new UserId(2);
  private static final UserId CAROL = new UserId(3);
  private static final UserId DAVE = new UserId(4);

  @TempDir Path dir;

  private RocksStorage open() {
    return RocksStorage.open(TestData.config(dir, SyncPolicy.FSYNC), new TestClock(T0), new SimpleMeterRegistry());
  }

  private static Optional<Role> role(GroupStore groups, Group g, UserId user) {
    return groups.membership(g.id(), user).join().map(Membership::role);
  }

  private static List<Role> rolesOfUser(GroupStore groups, UserId user) {
    return groups.groupsOf(user).join().stream().map(Membership::role).toList();
  }

  @Test
  void aTransferMakesTheHeirOwnerAndTheOwnerAnAdminInEveryRowAndTheIndex() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      Group g = group(storage, "club", OWNER);
      groups.addMembers(g.id(), List.of(BOB, CAROL), Role.MEMBER, T0).join();
      groups.setRole(g.id(), CAROL, Role.ADMIN).join();

      var done = (OwnerChange.Transferred) groups.transferOwnership(g.id(), OWNER, CAROL).join();
      assertThat(done.owner().user()).isEqualTo(CAROL);
      assertThat(done.owner().role()).isEqualTo(Role.OWNER);
      assertThat(done.previous()).isEqualTo(new Membership(g.id(), OWNER, Role.ADMIN, T0, 0));

      assertThat(role(groups, g, CAROL)).contains(Role.OWNER);
      assertThat(role(groups, g, OWNER)).contains(Role.ADMIN);
      assertThat(rolesOfUser(groups, CAROL)).containsExactly(Role.OWNER);
      assertThat(rolesOfUser(groups, OWNER)).containsExactly(Role.ADMIN);
      assertThat(groups.findById(g.id()).join().orElseThrow().owner()).isEqualTo(CAROL);
      assertThat(groups.admins(g.id(), 10).join()).as("the heir left the index, the owner entered it").containsExactly(OWNER);
      assertThat(groups.memberCount(g.id()).join()).isEqualTo(3);
    }
  }

  @Test
  void onlyTheOwnerHandsOverAndOnlyToAMember() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      Group g = group(storage, "club", OWNER);
      groups.addMembers(g.id(), List.of(BOB), Role.ADMIN, T0).join();

      assertThat(groups.transferOwnership(g.id(), BOB, BOB).join()).isInstanceOf(OwnerChange.NotOwner.class);
      assertThat(groups.transferOwnership(g.id(), OWNER, DAVE).join()).isInstanceOf(OwnerChange.NotMember.class);
      assertThat(groups.transferOwnership(g.id(), OWNER, OWNER).join())
          .isEqualTo(new OwnerChange.Transferred(
              new Membership(g.id(), OWNER, Role.OWNER, T0, 0), new Membership(g.id(), OWNER, Role.OWNER, T0, 0)));
      assertThat(groups.transferOwnership(new dev.parley.storage.group.GroupId(999), OWNER, BOB).join())
          .isInstanceOf(OwnerChange.NoSuchGroup.class);

      // Two hand-overs from the same owner: the second finds it is no longer the owner.
      var first = groups.transferOwnership(g.id(), OWNER, BOB);
      var second = groups.transferOwnership(g.id(), OWNER, OWNER);
      assertThat(first.join()).isInstanceOf(OwnerChange.Transferred.class);
      assertThat(second.join()).isInstanceOf(OwnerChange.NotOwner.class);
      assertThat(groups.members(g.id(), 0, 10).join()).extracting(Membership::role).containsExactly(Role.ADMIN, Role.OWNER);
    }
  }

  @Test
  void anOwnerWhoLeavesHandsTheGroupToTheAdminWithTheLowestUserId() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      Group g = group(storage, "club", OWNER);
      groups.addMembers(g.id(), List.of(BOB, CAROL, DAVE), Role.MEMBER, T0).join();
      groups.setRole(g.id(), DAVE, Role.ADMIN).join();
      groups.setRole(g.id(), CAROL, Role.ADMIN).join();

      var left = (Departure.Left) groups.leave(g.id(), OWNER).join();
      assertThat(left.successor()).map(Membership::user).contains(CAROL);
      assertThat(role(groups, g, OWNER)).isEmpty();
      assertThat(role(groups, g, CAROL)).contains(Role.OWNER);
      assertThat(groups.findById(g.id()).join().orElseThrow().owner()).isEqualTo(CAROL);
      assertThat(groups.admins(g.id(), 10).join()).containsExactly(DAVE);
      assertThat(groups.memberCount(g.id()).join()).isEqualTo(3);
      assertThat(groups.groupsOf(OWNER).join()).isEmpty();

      // A member leaves as before, and nobody succeeds anybody.
      assertThat(groups.leave(g.id(), BOB).join()).isEqualTo(new Departure.Left(Optional.empty()));
      assertThat(groups.leave(g.id(), BOB).join()).isInstanceOf(Departure.NotMember.class);
      assertThat(groups.memberCount(g.id()).join()).isEqualTo(2);
    }
  }

  @Test
  void anOwnerWithMembersButNoAdminCannotLeaveAndTheOnlyMemberDeletesTheGroupByLeaving() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      Group g = group(storage, "club", OWNER);
      groups.addMembers(g.id(), List.of(BOB), Role.MEMBER, T0).join();
      groups.setRole(g.id(), BOB, Role.ADMIN).join();
      groups.setRole(g.id(), BOB, Role.MEMBER).join();

      assertThat(groups.leave(g.id(), OWNER).join()).as("a demoted admin is no heir").isInstanceOf(Departure.NoSuccessor.class);
      assertThat(role(groups, g, OWNER)).contains(Role.OWNER);

      groups.removeMember(g.id(), BOB).join();
      assertThat(groups.leave(g.id(), OWNER).join()).isInstanceOf(Departure.Deleted.class);
      assertThat(groups.findById(g.id()).join()).isEmpty();
      assertThat(groups.findByName(TestGroups.name("club")).join()).isEmpty();
      assertThat(groups.groupsOf(OWNER).join()).isEmpty();
      assertThat(rows(storage, Family.GROUP_MEMBERS, Keys.group(g.id()))).isZero();
    }
  }

  @Test
  void theAdminIndexFollowsRemovalsDeletedAccountsAndDeletedGroups() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      TestGroups.register(storage, "owner");
      TestGroups.register(storage, "bob");
      TestGroups.register(storage, "carol");
      Group g = group(storage, "club", OWNER);
      groups.addMembers(g.id(), List.of(BOB, CAROL), Role.ADMIN, T0).join();
      assertThat(groups.admins(g.id(), 10).join()).containsExactly(BOB, CAROL);
      assertThat(groups.admins(g.id(), 1).join()).containsExactly(BOB);

      groups.removeMember(g.id(), BOB).join();
      assertThat(groups.admins(g.id(), 10).join()).containsExactly(CAROL);
      assertThat(storage.admin().deleteUser(CAROL).join()).isPresent();
      assertThat(groups.admins(g.id(), 10).join()).isEmpty();
      assertThat(rows(storage, Family.GROUP_ADMINS, Keys.group(g.id()))).isZero();

      groups.addMembers(g.id(), List.of(BOB), Role.ADMIN, T0).join();
      assertThat(groups.delete(g.id()).join()).isTrue();
      assertThat(groups.admins(g.id(), 10).join()).isEmpty();
      assertThat(rows(storage, Family.GROUP_ADMINS, Keys.group(g.id()))).isZero();
    }
  }

  @Test
  void aDataDirectoryFromBeforeTheAdminIndexGainsItOnOpen() throws Exception {
    Group g;
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      g = group(storage, "club", OWNER);
      groups.addMembers(g.id(), List.of(BOB, CAROL, DAVE), Role.MEMBER, T0).join();
      groups.setRole(g.id(), DAVE, Role.ADMIN).join();
      groups.setRole(g.id(), CAROL, Role.ADMIN).join();
    }
    // What schema version 2 left: the same rows without the index.
    withRawDb(raw -> {
      ColumnFamilyHandle admins = raw.handles().get(Family.GROUP_ADMINS.ordinal() + 1);
      raw.db().deleteRange(admins, Keys.group(g.id()), Keys.prefixEnd(Keys.group(g.id())));
      raw.db().put(raw.handles().get(Family.META.ordinal() + 1), Keys.meta("schema_version"), Keys.encodeLong(2));
    });

    try (RocksStorage storage = open()) {
      assertThat(storage.groups().admins(g.id(), 10).join()).containsExactly(CAROL, DAVE);
      var left = (Departure.Left) storage.groups().leave(g.id(), OWNER).join();
      assertThat(left.successor()).map(Membership::user).contains(CAROL);
    }
    assertThat(RocksBackups.verify(dir).schemaVersion()).isEqualTo(SchemaUpgrades.CURRENT);
  }

  private record Raw(RocksDB db, List<ColumnFamilyHandle> handles) {}

  @FunctionalInterface
  private interface RawAction {
    void run(Raw raw) throws Exception;
  }

  private void withRawDb(RawAction action) throws Exception {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
    for (Family f : Family.values()) descriptors.add(new ColumnFamilyDescriptor(f.cfName()));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions();
        RocksDB raw = RocksDB.open(options, dir.toString(), descriptors, handles)) {
      try {
        action.run(new Raw(raw, handles));
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }
}
