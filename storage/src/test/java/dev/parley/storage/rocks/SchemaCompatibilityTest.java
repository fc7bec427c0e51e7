package dev.parley.storage.rocks;

import static dev.parley.storage.rocks.TestData.T0;
import static dev.parley.storage.rocks.TestKeys.full;
import static dev.parley.storage.rocks.TestKeys.ids;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.parley.storage.account.Account;
import dev.parley.storage.account.Device;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.Registration;
import dev.parley.storage.account.UserId;
import dev.parley.storage.account.Username;
import dev.parley.storage.group.GroupAppend;
import dev.parley.storage.group.GroupCreation;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.GroupKind;
import dev.parley.storage.group.GroupMessage;
import dev.parley.storage.group.GroupName;
import dev.parley.storage.group.GroupRead;
import dev.parley.storage.group.GroupSettings;
import dev.parley.storage.group.Membership;
import dev.parley.storage.inbox.DeviceCopy;
import dev.parley.storage.inbox.InboxEntry;
import dev.parley.storage.inbox.OutgoingMessage;
import dev.parley.storage.prekey.DeviceBundle;
import dev.parley.storage.prekey.OneTimePrekeyRecord;
import dev.parley.storage.prekey.PrekeyCounts;
import dev.parley.storage.rocks.disk.EnvelopeRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

@Timeout(30)
class SchemaCompatibilityTest {
  /** The column families of schema version 1 before the key directory, in their order then. */
  private static final List<String> FAMILIES_BEFORE_KEY_DIRECTORY =
      List.of("accounts", "usernames", "devices", "device_index", "inbox", "inbox_seq", "sent", "expiry", "meta");

  private static final UserId BOB = new UserId(1);
  private static final DeviceId BOB_PHONE = new DeviceId(1);

  @TempDir Path dir;

  /** Writes, by hand, what the previous build left: bob, his phone and one inbox entry without a recipient. */
  private void createDatabaseBeforeKeyDirectory() throws RocksDBException {
    RocksDB.loadLibrary();
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
    for (String name : FAMILIES_BEFORE_KEY_DIRECTORY) {
      descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8)));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
      try {
        ColumnFamilyHandle accounts = handles.get(1);
        ColumnFamilyHandle usernames = handles.get(2);
        ColumnFamilyHandle devices = handles.get(3);
        ColumnFamilyHandle deviceIndex = handles.get(4);
        ColumnFamilyHandle inbox = handles.get(5);
        ColumnFamilyHandle inboxSeq = handles.get(6);
        ColumnFamilyHandle meta = handles.get(9);
        db.put(meta, Keys.meta("schema_version"), Keys.encodeLong(1));
        db.put(meta, Keys.meta("next_user_id"), Keys.encodeLong(2));
        db.put(meta, Keys.meta("next_device_id"), Keys.encodeLong(2));
        db.put(meta, Keys.meta("next_server_msg_id"), Keys.encodeLong(2));
        db.put(accounts, Keys.user(BOB), Records.account(new Account(BOB, new Username("bob"), T0, false)));
        db.put(usernames, Keys.username(new Username("bob")), Keys.user(BOB));
        Device phone = new Device(BOB, BOB_PHONE, new byte[32], "phone", T0);
        db.put(devices, Keys.device(BOB, BOB_PHONE), Records.device(phone));
        db.put(deviceIndex, Keys.device(BOB_PHONE), Keys.user(BOB));
        db.put(inbox, Keys.inbox(BOB_PHONE, 1), legacyEnvelope());
        db.put(inboxSeq, Keys.device(BOB_PHONE), Keys.encodeLong(1));
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }

  private static byte[] legacyEnvelope() {
    return EnvelopeRecord.newBuilder()
        .setServerMsgId(1)
        .setSenderUserId(7)
        .setSenderDeviceId(8)
        .setSenderUsername("carol")
        .setServerTimeMs(T0)
        .setClientMsgId(ByteString.copyFrom(TestData.clientMsgId(1).bytes()))
        .setBody(ByteString.copyFromUtf8("old"))
        .build()
        .toByteArray();
  }

  @Test
  void aDatabaseFromBeforeTheKeyDirectoryOpensAndGainsIt() throws Exception {
    createDatabaseBeforeKeyDirectory();

    try (RocksStorage storage = TestData.open(dir)) {
      assertThat(storage.accounts().findByUsername(new Username("bob")).join()).map(Account::id).contains(BOB);
      InboxEntry old = storage.inboxes().read(BOB_PHONE, 0, 10, T0).join().getFirst();
      assertThat(TestData.text(old.envelope().body())).isEqualTo("old");
      assertThat(old.envelope().recipient()).isEqualTo(BOB); // the inbox owner: all that was sent then
      assertThat(storage.prekeys().upload(BOB_PHONE, full(ids(1, 2), ids(1, 2))).join())
          .isEqualTo(new PrekeyCounts(2, 2, true));
      assertThat(storage.prekeys().take(BOB, List.of()).join()).hasSize(1);
      assertThat(storage.inboxes().append(TestData.message(2, BOB_PHONE)).join().appended().getFirst().seq())
          .isEqualTo(2);
    }

    try (RocksStorage storage = TestData.open(dir)) {
      assertThat(storage.prekeys().counts(BOB_PHONE).join()).isEqualTo(new PrekeyCounts(1, 1, true));
      assertThat(storage.inboxes().read(BOB_PHONE, 0, 10, T0).join()).hasSize(2);
    }
  }

  @Test
  void aDatabaseFromBeforeGroupsOpensAndGainsThem() throws Exception {
    createDatabaseBeforeKeyDirectory();
    GroupId group;

    try (RocksStorage storage = TestData.open(dir)) {
      var created =
          storage.groups().create(GroupKind.GROUP, new GroupName("old-friends"), BOB, GroupSettings.group(10), T0);
      group = ((GroupCreation.Created) created.join()).group().id();
      var post = new GroupMessage(group, BOB, BOB_PHONE, "bob", TestData.clientMsgId(9), new byte[] {1}, T0, 0);
      assertThat(storage.groups().append(post).join()).isEqualTo(new GroupAppend.Stored(1, 2, T0, false));
    }

    try (RocksStorage storage = TestData.open(dir)) {
      assertThat(storage.groups().groupsOf(BOB).join()).extracting(Membership::group).containsExactly(group);
      assertThat(storage.groups().read(group, BOB, 0, 10, T0).join())
          .isInstanceOfSatisfying(GroupRead.Entries.class, r -> assertThat(r.entries()).hasSize(1));
    }
  }

  @Test
  void aReopenedDatabaseKeepsDevicesKeysAndCopies() {
    Device phone;
    Device laptop;
    try (RocksStorage storage = TestData.open(dir)) {
      phone = ((Registration.Created) storage.accounts().register(TestData.newAccount("alice")).join()).device();
      laptop = storage.accounts().addDevice(phone.user(), new byte[32], "laptop", T0).join().orElseThrow();
      Device tablet = storage.accounts().addDevice(phone.user(), new byte[32], "tablet", T0).join().orElseThrow();
      storage.accounts().removeDevice(phone.user(), tablet.id()).join();
      storage.prekeys().upload(laptop.id(), full(ids(1, 3), ids(1, 3))).join();
      storage.prekeys().take(phone.user(), List.of(laptop.id())).join();
      storage.inboxes()
          .append(
              new OutgoingMessage(
                  TestData.SENDER,
                  TestData.SENDER_DEVICE,
                  "carol",
                  phone.user(),
                  TestData.clientMsgId(1),
                  List.of(
                      new DeviceCopy(phone.id(), "p".getBytes(StandardCharsets.UTF_8)),
                      new DeviceCopy(laptop.id(), "l".getBytes(StandardCharsets.UTF_8))),
                  T0,
                  0))
          .join();
    }

    try (RocksStorage storage = TestData.open(dir)) {
      assertThat(storage.accounts().devices(phone.user()).join())
          .extracting(Device::id)
          .containsExactly(phone.id(), laptop.id());
      assertThat(storage.inboxes().read(laptop.id(), 0, 10, T0).join())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(TestData.text(e.envelope().body())).isEqualTo("l");
                assertThat(e.envelope().recipient()).isEqualTo(phone.user());
              });
      assertThat(storage.inboxes().read(phone.id(), 0, 10, T0).join())
          .extracting(e -> TestData.text(e.envelope().body()))
          .containsExactly("p");
      assertThat(storage.prekeys().counts(laptop.id()).join()).isEqualTo(new PrekeyCounts(2, 2, true));
      assertThat(storage.prekeys().take(phone.user(), List.of()).join())
          .singleElement()
          .extracting(DeviceBundle::oneTimePrekey)
          .satisfies(k -> assertThat(k).map(OneTimePrekeyRecord::id).contains(2));
    }
  }
}
