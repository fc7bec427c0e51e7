package dev.parley.storage.rocks;

import static dev.parley.storage.rocks.TestData.T0;
import static dev.parley.storage.rocks.TestGroups.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.storage.account.UserId;
import dev.parley.storage.group.GroupCreation;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.GroupInvite;
import dev.parley.storage.group.GroupKind;
import dev.parley.storage.group.GroupSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RocksGroupInviteStoreTest {
  private static final UserId OWNER = new UserId(1);

  @TempDir Path dir;

  private RocksStorage open() {
    return RocksStorage.open(TestData.config(dir, SyncPolicy.FSYNC), new TestClock(T0), new SimpleMeterRegistry());
  }

  private static GroupId channel(RocksStorage storage) {
    var created = (GroupCreation.Created)
        storage.groups().create(GroupKind.CHANNEL, name("news"), OWNER, GroupSettings.channel(), T0).join();
    return created.group().id();
  }

  @Test
  void anInviteIsFoundByItsCodeAcrossARestartUntilRevoked() {
    GroupInvite invite;
    try (RocksStorage storage = open()) {
      invite = new GroupInvite("Abc-123_xyz", channel(storage), OWNER, T0, T0 + 60_000);
      assertThat(storage.groupInvites().create(invite).join()).isTrue();
    }
    try (RocksStorage storage = open()) {
      assertThat(storage.groupInvites().find("Abc-123_xyz").join()).contains(invite);
      assertThat(storage.groupInvites().find("abc-123_xyz").join()).as("codes are case-sensitive").isEmpty();
      assertThat(storage.groupInvites().revoke("Abc-123_xyz").join()).isTrue();
      assertThat(storage.groupInvites().revoke("Abc-123_xyz").join()).isFalse();
      assertThat(storage.groupInvites().find("Abc-123_xyz").join()).isEmpty();
    }
  }

  @Test
  void anInviteNeedsAnExistingGroupAndAFreshCode() {
    try (RocksStorage storage = open()) {
      GroupId group = channel(storage);
      assertThat(storage.groupInvites().create(new GroupInvite("code1", new GroupId(999), OWNER, T0, 0)).join()).isFalse();
      assertThat(storage.groupInvites().create(new GroupInvite("code1", group, OWNER, T0, 0)).join()).isTrue();
      assertThat(storage.groupInvites().create(new GroupInvite("code1", group, OWNER, T0 + 1, 0)).join()).isFalse();
      assertThat(storage.groupInvites().find("code1").join()).map(GroupInvite::createdAtMs).contains(T0);
    }
  }

  @Test
  void expiryIsDecidedByTheInvitesOwnTime() {
    GroupInvite forever = new GroupInvite("c", new GroupId(1), OWNER, T0, 0);
    GroupInvite hour = new GroupInvite("c", new GroupId(1), OWNER, T0, T0 + 3_600_000);
    assertThat(forever.expiredAt(Long.MAX_VALUE)).isFalse();
    assertThat(hour.expiredAt(T0 + 3_599_999)).isFalse();
    assertThat(hour.expiredAt(T0 + 3_600_000)).isTrue();
  }
}
