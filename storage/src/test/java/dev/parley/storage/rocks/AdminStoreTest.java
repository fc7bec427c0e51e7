package dev.parley.storage.rocks;

import static dev.parley.storage.rocks.TestData.T0;
import static dev.parley.storage.rocks.TestData.message;
import static dev.parley.storage.rocks.TestData.newAccount;
import static dev.parley.storage.rocks.TestKeys.full;
import static dev.parley.storage.rocks.TestKeys.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.storage.StorageFailureException;
import dev.parley.storage.account.Account;
import dev.parley.storage.account.Device;
import dev.parley.storage.account.Registration;
import dev.parley.storage.account.UserId;
import dev.parley.storage.account.Username;
import dev.parley.storage.admin.Invite;
import dev.parley.storage.admin.UserData;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.Membership;
import dev.parley.storage.group.Role;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

@Timeout(30)
class AdminStoreTest {
  @TempDir Path dir;

  @Test
  void deletingAUserErasesDevicesInboxKeysMembershipsAndCursors() {
    try (RocksStorage storage = TestData.open(dir.resolve("db"))) {
      Device alice = TestGroups.register(storage, "alice");
      Device bob = TestGroups.register(storage, "bob");
      Device laptop = storage.accounts().addDevice(bob.user(), new byte[32], "laptop", T0).join().orElseThrow();
      storage.prekeys().upload(laptop.id(), full(ids(1, 5), ids(1, 5))).join();
      storage.inboxes().append(message(1, bob.id(), laptop.id())).join();
      Group group = TestGroups.group(storage, "friends", alice.user());
      storage.groups().addMembers(group.id(), List.of(bob.user()), Role.MEMBER, T0).join();
      storage.groups().append(TestGroups.post(group.id(), alice, 1)).join();
      storage.groups().advanceCursor(laptop.id(), group.id(), 1).join();
      storage.presence().setVisibility(bob.user(), dev.parley.storage.presence.PresenceVisibility.NOBODY).join();
      storage.presence().updateContacts(bob.user(), List.of(alice.user()), List.of(), 10).join();

      assertThat(storage.admin().deleteUser(bob.user()).join()).isPresent();

      assertThat(TestGroups.rows(storage, Family.PRESENCE_PRIVACY, Keys.user(bob.user()))).isZero();
      assertThat(TestGroups.rows(storage, Family.CONTACTS, Keys.user(bob.user()))).isZero();

      assertThat(storage.accounts().findById(bob.user()).join()).isEmpty();
      assertThat(storage.accounts().findByUsername(new Username("bob")).join()).isEmpty();
      assertThat(storage.accounts().devices(bob.user()).join()).isEmpty();
      for (Device d : List.of(bob, laptop)) {
        assertThat(TestGroups.rows(storage, Family.INBOX, Keys.device(d.id()))).isZero();
        assertThat(TestGroups.rows(storage, Family.PREKEYS_EC, Keys.device(d.id()))).isZero();
        assertThat(TestGroups.rows(storage, Family.DEVICE_INDEX, Keys.device(d.id()))).isZero();
      }
      assertThat(TestGroups.rows(storage, Family.USER_GROUPS, Keys.user(bob.user()))).isZero();
      assertThat(storage.groups().membership(group.id(), bob.user()).join()).isEmpty();
      assertThat(storage.groups().memberCount(group.id()).join()).isEqualTo(1);
      assertThat(TestGroups.rows(storage, Family.GROUP_CURSORS, Keys.groupCursor(group.id(), laptop.id()))).isZero();
      assertThat(storage.admin().deleteUser(bob.user()).join()).isEmpty();
      // The name is free again and alice is untouched.
      assertThat(storage.accounts().register(newAccount("bob")).join()).isInstanceOf(Registration.Created.class);
      assertThat(storage.groups().membership(group.id(), alice.user()).join()).map(Membership::role).contains(Role.OWNER);
    }
  }

  @Test
  void exportHoldsTheAccountDevicesInboxAndMemberships() {
    try (RocksStorage storage = TestData.open(dir.resolve("db"))) {
      Device alice = TestGroups.register(storage, "alice");
      Group group = TestGroups.group(storage, "friends", alice.user());
      storage.inboxes().append(message(1, alice.id())).join();

      UserData data = storage.admin().export(alice.user()).join().orElseThrow();

      assertThat(data.account().username().value()).isEqualTo("alice");
      assertThat(data.devices()).singleElement().satisfies(d -> assertThat(d.inbox()).hasSize(1));
      assertThat(data.memberships()).extracting(Membership::group).containsExactly(group.id());
      assertThat(storage.admin().export(new UserId(999)).join()).isEmpty();
    }
  }

  @Test
  void accountsPageInIdOrderAndDisablingSticks() {
    try (RocksStorage storage = TestData.open(dir.resolve("db"))) {
      for (String name : List.of("ann", "ben", "cat")) TestGroups.register(storage, name);
      List<Account> first = storage.admin().accounts(0, 2).join();
      assertThat(first).extracting(a -> a.username().value()).containsExactly("ann", "ben");
      assertThat(storage.admin().accounts(first.getLast().id().value(), 2).join())
          .extracting(a -> a.username().value()).containsExactly("cat");

      assertThat(storage.admin().setDisabled(first.getFirst().id(), true).join()).isTrue();
      assertThat(storage.accounts().findById(first.getFirst().id()).join()).map(Account::disabled).contains(true);
      assertThat(storage.admin().setDisabled(new UserId(999), true).join()).isFalse();
    }
  }

  @Test
  void anInviteAdmitsAsManyRegistrationsAsItHasUses() {
    try (RocksStorage storage = TestData.open(dir.resolve("db"))) {
      assertThat(storage.admin().createInvite(new Invite("welcome-2025", 2, T0, 0)).join()).isTrue();
      assertThat(storage.admin().createInvite(new Invite("welcome-2025", 5, T0, 0)).join()).isFalse();

      assertThat(storage.accounts().registerWithInvite(newAccount("ann"), "welcome-2025").join())
          .isInstanceOf(Registration.Created.class);
      // A taken username leaves the invite's uses alone.
      assertThat(storage.accounts().registerWithInvite(newAccount("ann"), "welcome-2025").join())
          .isInstanceOf(Registration.UsernameTaken.class);
      assertThat(storage.admin().invites().join()).extracting(Invite::usesLeft).containsExactly(1);
      assertThat(storage.accounts().registerWithInvite(newAccount("ben"), "welcome-2025").join())
          .isInstanceOf(Registration.Created.class);
      assertThat(storage.accounts().registerWithInvite(newAccount("cat"), "welcome-2025").join())
          .isInstanceOf(Registration.InviteInvalid.class);
      assertThat(storage.admin().invites().join()).isEmpty();

      storage.admin().createInvite(new Invite("expired-code", 5, T0, T0)).join();
      assertThat(storage.accounts().registerWithInvite(newAccount("cat"), "expired-code").join())
          .isInstanceOf(Registration.InviteInvalid.class);
      assertThat(storage.admin().revokeInvite("expired-code").join()).isTrue();
      assertThat(storage.admin().revokeInvite("expired-code").join()).isFalse();
    }
  }

  @Test
  void aCheckpointRestoresExactlyTheStateAtTheTimeItWasTaken() {
    Path backup = dir.resolve("backups/one");
    Device alice;
    try (RocksStorage storage = TestData.open(dir.resolve("db"))) {
      alice = TestGroups.register(storage, "alice");
      storage.inboxes().append(message(1, alice.id())).join();
      storage.admin().checkpoint(backup).join();
      TestGroups.register(storage, "bob");
      storage.inboxes().append(message(2, alice.id())).join();
      assertThatThrownBy(() -> storage.admin().checkpoint(backup).join()).hasMessageContaining("exists");
    }

    RocksBackups.Check check = RocksBackups.verify(backup);
    assertThat(check.schemaVersion()).isEqualTo(SchemaUpgrades.CURRENT);
    assertThat(check.keysByFamily().get("accounts")).isEqualTo(1);

    Path restored = dir.resolve("restored/db");
    RocksBackups.restore(backup, restored);
    try (RocksStorage storage = TestData.open(restored)) {
      assertThat(storage.admin().accounts(0, 10).join()).extracting(a -> a.username().value()).containsExactly("alice");
      assertThat(storage.inboxes().read(alice.id(), 0, 10, T0).join()).hasSize(1);
    }
    assertThatThrownBy(() -> RocksBackups.restore(backup, restored)).hasMessageContaining("not empty");
    assertThatThrownBy(() -> RocksBackups.verify(dir.resolve("nothing"))).isInstanceOf(StorageFailureException.class);
  }

  @Test
  void anOlderDataDirIsUpgradedAndANewerOneRefusedWithAClearMessage() throws Exception {
    Path db = dir.resolve("db");
    TestData.open(db).close();
    setSchemaVersion(db, 1);
    try (RocksStorage storage = TestData.open(db)) {
      assertThat(storage.admin().setting("registration_mode").join()).contains("open");
    }
    assertThat(RocksBackups.verify(db).schemaVersion()).isEqualTo(SchemaUpgrades.CURRENT);

    setSchemaVersion(db, SchemaUpgrades.CURRENT + 1);
    assertThatThrownBy(() -> TestData.open(db))
        .isInstanceOf(StorageFailureException.class)
        .hasMessageContaining("schema version " + (SchemaUpgrades.CURRENT + 1))
        .hasMessageContaining("newer than this build's " + SchemaUpgrades.CURRENT);
  }

  private static void setSchemaVersion(Path db, long version) throws Exception {
    List<ColumnFamilyDescriptor> descriptors = new java.util.ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
    for (Family f : Family.values()) descriptors.add(new ColumnFamilyDescriptor(f.cfName()));
    List<ColumnFamilyHandle> handles = new java.util.ArrayList<>();
    try (DBOptions options = new DBOptions(); RocksDB raw = RocksDB.open(options, db.toString(), descriptors, handles)) {
      raw.put(handles.get(Family.META.ordinal() + 1), Keys.meta("schema_version"), Keys.encodeLong(version));
      handles.forEach(ColumnFamilyHandle::close);
    }
  }
}
