package dev.parley.storage.rocks;

import static dev.parley.storage.rocks.TestData.T0;

import dev.parley.storage.account.Device;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.Registration;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupAppend;
import dev.parley.storage.group.GroupCreation;
import dev.parley.storage.group.GroupEntry;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.GroupKind;
import dev.parley.storage.group.GroupMessage;
import dev.parley.storage.group.GroupName;
import dev.parley.storage.group.GroupRead;
import dev.parley.storage.group.GroupSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.LongStream;

/** Builders and shortcuts shared by the group tests. */
final class TestGroups {
  private TestGroups() {}

  static GroupName name(String raw) {
    return GroupName.parse(raw).orElseThrow();
  }

  /** Registers a user with one device ("phone"). */
  static Device register(RocksStorage storage, String username) {
    return ((Registration.Created) storage.accounts().register(TestData.newAccount(username)).join()).device();
  }

  static Group create(RocksStorage storage, GroupKind kind, String name, UserId owner, GroupSettings settings) {
    return ((GroupCreation.Created) storage.groups().create(kind, name(name), owner, settings, T0).join()).group();
  }

  static Group group(RocksStorage storage, String name, UserId owner) {
    return create(storage, GroupKind.GROUP, name, owner, GroupSettings.group(1_000_000));
  }

  /** A post whose body is "post {clientMsgId}". */
  static GroupMessage post(GroupId group, Device from, long clientMsgId, long nowMs, long expiresAtMs) {
    return new GroupMessage(
        group,
        from.user(),
        from.id(),
        "user" + from.user(),
        TestData.clientMsgId(clientMsgId),
        ("post " + clientMsgId).getBytes(StandardCharsets.UTF_8),
        nowMs,
        expiresAtMs);
  }

  static GroupMessage post(GroupId group, Device from, long clientMsgId) {
    return post(group, from, clientMsgId, T0, 0);
  }

  static GroupAppend.Stored stored(GroupAppend append) {
    return (GroupAppend.Stored) append;
  }

  static List<GroupEntry> entries(GroupRead read) {
    return ((GroupRead.Entries) read).entries();
  }

  static List<UserId> users(long first, int count) {
    return LongStream.range(first, first + count).mapToObj(UserId::new).toList();
  }

  /** A device id that never reaches the device_index: for posts by users the test did not register. */
  static Device device(long user) {
    return new Device(new UserId(user), new DeviceId(1_000_000 + user), new byte[32], "phone", T0);
  }

  /** Every row of a family under the prefix, as a commit op sees them (range deletions included, once durable). */
  static int rows(RocksStorage storage, Family family, byte[] prefix) {
    return storage.commits().submit(round -> round.scan(family, prefix, Integer.MAX_VALUE).size()).join();
  }

  static String text(GroupEntry entry) {
    return new String(entry.body(), StandardCharsets.UTF_8);
  }
}
