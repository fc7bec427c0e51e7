package dev.parley.storage.rocks;

import static dev.parley.storage.rocks.TestData.T0;
import static dev.parley.storage.rocks.TestGroups.entries;
import static dev.parley.storage.rocks.TestGroups.group;
import static dev.parley.storage.rocks.TestGroups.name;
import static dev.parley.storage.rocks.TestGroups.post;
import static dev.parley.storage.rocks.TestGroups.register;
import static dev.parley.storage.rocks.TestGroups.rows;
import static dev.parley.storage.rocks.TestGroups.users;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.storage.account.Device;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupAppend;
import dev.parley.storage.group.GroupCreation;
import dev.parley.storage.group.GroupKind;
import dev.parley.storage.group.GroupRead;
import dev.parley.storage.group.GroupSettings;
import dev.parley.storage.group.GroupStore;
import dev.parley.storage.group.GroupUpdate;
import dev.parley.storage.group.MembersAdded;
import dev.parley.storage.group.Membership;
import dev.parley.storage.group.Role;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class GroupDeletionTest {
  /** More members than one purge chunk holds, so a purge takes several. */
  private static final int CROWD = GroupPurge.CHUNK * 2 + 500;

  @TempDir Path dir;
  private final TestClock clock = new TestClock(T0);

  private RocksStorage open() {
    return RocksStorage.open(TestData.config(dir, SyncPolicy.FSYNC), clock, new SimpleMeterRegistry());
  }

  @Test
  void deletingAGroupRemovesItsLogMembersIndexesAndCursorsAndNothingElse() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      Device alice = register(storage, "alice");
      Device bob = register(storage, "bob");
      Group doomed = group(storage, "doomed", alice.user());
      Group kept = group(storage, "kept", alice.user());
      for (Group g : List.of(doomed, kept)) groups.addMembers(g.id(), List.of(bob.user()), Role.MEMBER, T0).join();
      groups.addMembers(doomed.id(), users(10_000, CROWD), Role.MEMBER, T0).join();
      groups.append(post(doomed.id(), alice, 1)).join();
      groups.append(post(doomed.id(), bob, 2, T0, T0 + 1_000)).join();
      groups.append(post(kept.id(), bob, 3)).join();
      groups.advanceCursor(bob.id(), doomed.id(), 2).join();
      groups.advanceCursor(bob.id(), kept.id(), 1).join();
      byte[] doomedKey = Keys.group(doomed.id());

      assertThat(groups.delete(doomed.id()).join()).isTrue();

      assertThat(groups.findById(doomed.id()).join()).isEmpty();
      assertThat(groups.findByName(name("doomed")).join()).isEmpty();
      assertThat(groups.memberCount(doomed.id()).join()).isZero();
      assertThat(groups.lastSeq(doomed.id()).join()).isZero();
      assertThat(groups.cursor(bob.id(), doomed.id()).join()).isZero();
      for (Family f : List.of(Family.GROUP_LOG, Family.GROUP_MEMBERS, Family.GROUP_CURSORS, Family.GROUP_SEQ)) {
        assertThat(rows(storage, f, doomedKey)).as(f.name()).isZero();
      }
      assertThat(rows(storage, Family.USER_GROUPS, Keys.user(new UserId(10_000)))).isZero();
      assertThat(rows(storage, Family.META, Keys.GROUP_PURGE_PREFIX)).isZero();
      assertThat(groups.groupsOf(bob.user()).join()).extracting(Membership::group).containsExactly(kept.id());

      assertThat(groups.append(post(doomed.id(), alice, 4)).join()).isEqualTo(new GroupAppend.NotMember());
      assertThat(groups.read(doomed.id(), alice.user(), 0, 10, T0).join()).isEqualTo(new GroupRead.NotMember());
      assertThat(groups.advanceCursor(bob.id(), doomed.id(), 2).join()).isEmpty();
      assertThat(groups.addMembers(doomed.id(), List.of(bob.user()), Role.MEMBER, T0).join())
          .isEqualTo(new MembersAdded.NoSuchGroup());
      assertThat(groups.rename(doomed.id(), name("again")).join()).isEqualTo(new GroupUpdate.NoSuchGroup());
      assertThat(groups.delete(doomed.id()).join()).isFalse();

      // The other group is untouched, the name is free, and the id is not reused.
      assertThat(entries(groups.read(kept.id(), bob.user(), 0, 10, T0).join())).hasSize(1);
      assertThat(groups.cursor(bob.id(), kept.id()).join()).isEqualTo(1);
      var recreated = (GroupCreation.Created)
          groups.create(GroupKind.GROUP, name("doomed"), bob.user(), GroupSettings.group(10), T0).join();
      assertThat(recreated.group().id().value()).isGreaterThan(kept.id().value());
      // The deleted post's expiry entry is left to the sweeper, which deletes it harmlessly.
      clock.advance(Duration.ofSeconds(1));
      assertThat(storage.sweepNow().join().expiredGroupMessages()).isEqualTo(1);
    }
  }

  @Test
  void aPurgeCutShortByACrashIsHiddenThenFinishedByTheSweeper() {
    Group group;
    UserId member = new UserId(10_000);
    try (RocksStorage storage = open()) {
      Device alice = register(storage, "alice");
      group = group(storage, "crowd", alice.user());
      storage.groups().addMembers(group.id(), users(10_000, CROWD), Role.MEMBER, T0).join();

      // Only the first step, as if the process died before the purge ran.
      assertThat(storage.commits().submit(new DeleteGroupOp(group.id())).join()).isTrue();

      assertThat(rows(storage, Family.GROUP_MEMBERS, Keys.group(group.id()))).isEqualTo(CROWD + 1);
      assertThat(storage.groups().groupsOf(member).join()).isEmpty();
      assertThat(storage.groups().membership(group.id(), member).join()).isEmpty();
      assertThat(storage.groups().members(group.id(), 0, 10).join()).isEmpty();
    }

    try (RocksStorage storage = open()) {
      assertThat(storage.sweepNow().join().purgedMemberships()).isEqualTo(CROWD + 1);

      assertThat(rows(storage, Family.GROUP_MEMBERS, Keys.group(group.id()))).isZero();
      assertThat(rows(storage, Family.USER_GROUPS, Keys.user(member))).isZero();
      assertThat(rows(storage, Family.META, Keys.GROUP_PURGE_PREFIX)).isZero();
      assertThat(storage.sweepNow().join().purgedMemberships()).isZero();
    }
  }

  @Test
  void removingADeviceDropsItsCursorsButNotItsUsersOthers() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      Device phone = register(storage, "alice");
      Device laptop = storage.accounts().addDevice(phone.user(), new byte[32], "laptop", T0).join().orElseThrow();
      Group group = group(storage, "devices", phone.user());
      groups.append(post(group.id(), phone, 1)).join();
      groups.advanceCursor(phone.id(), group.id(), 1).join();
      groups.advanceCursor(laptop.id(), group.id(), 1).join();

      storage.accounts().removeDevice(phone.user(), laptop.id()).join();

      assertThat(groups.cursor(laptop.id(), group.id()).join()).isZero();
      assertThat(groups.cursor(phone.id(), group.id()).join()).isEqualTo(1);
      assertThat(groups.advanceCursor(laptop.id(), group.id(), 1).join()).isEmpty();
    }
  }
}
