package dev.parley.storage.rocks;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.account.Username;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.GroupName;
import dev.parley.storage.inbox.ClientMsgId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Key encodings of every column family. Numbers are fixed-width big-endian, so RocksDB's bytewise
 * order is numeric order for the non-negative values stored here: a range scan of one device's
 * inbox runs in seq order, and the expiry index in time order.
 */
final class Keys {
  static final int LONG_BYTES = Long.BYTES;
  static final int INBOX_KEY_BYTES = 2 * LONG_BYTES;
  static final int EXPIRY_KEY_BYTES = 3 * LONG_BYTES;
  static final int PREKEY_KEY_BYTES = LONG_BYTES + Integer.BYTES;
  static final byte[] EMPTY = new byte[0];
  /** meta: the prefix of the markers of deleted groups whose member rows are still to purge. */
  static final byte[] GROUP_PURGE_PREFIX = "group_purge/".getBytes(StandardCharsets.UTF_8);

  private Keys() {}

  /** accounts: userId; also the prefix of the user's keys in devices. */
  static byte[] user(UserId user) {
    return encodeLong(user.value());
  }

  /** usernames: the canonical name in UTF-8. */
  static byte[] username(Username name) {
    return name.value().getBytes(StandardCharsets.UTF_8);
  }

  /** devices: userId + deviceId. */
  static byte[] device(UserId user, DeviceId device) {
    return ByteBuffer.allocate(2 * LONG_BYTES).putLong(user.value()).putLong(device.value()).array();
  }

  /**
   * device_index, inbox_seq, device_keys and prekey_counts: deviceId; also the prefix of the device's
   * inbox and prekey keys.
   */
  static byte[] device(DeviceId device) {
    return encodeLong(device.value());
  }

  /** inbox: deviceId + seq. */
  static byte[] inbox(DeviceId device, long seq) {
    return ByteBuffer.allocate(INBOX_KEY_BYTES).putLong(device.value()).putLong(seq).array();
  }

  static long inboxSeq(byte[] inboxKey) {
    return ByteBuffer.wrap(inboxKey, LONG_BYTES, LONG_BYTES).getLong();
  }

  /** sent: the sender's deviceId + the 16-byte client_msg_id. */
  static byte[] sent(DeviceId senderDevice, ClientMsgId clientMsgId) {
    return ByteBuffer.allocate(LONG_BYTES + ClientMsgId.LENGTH)
        .putLong(senderDevice.value())
        .put(clientMsgId.bytes())
        .array();
  }

  /** expiry: expiresAtMs + deviceId + seq, pointing at the inbox entry to delete. */
  static byte[] expiry(long expiresAtMs, DeviceId device, long seq) {
    return ByteBuffer.allocate(EXPIRY_KEY_BYTES).putLong(expiresAtMs).putLong(device.value()).putLong(seq).array();
  }

  /** The inbox key an expiry key points at. */
  static byte[] inboxOfExpiry(byte[] expiryKey) {
    return Arrays.copyOfRange(expiryKey, LONG_BYTES, EXPIRY_KEY_BYTES);
  }

  /** groups and group_seq: groupId; also the prefix of the group's keys in group_members, group_log, group_cursors. */
  static byte[] group(GroupId group) {
    return encodeLong(group.value());
  }

  /** group_names: the canonical name in UTF-8. */
  static byte[] groupName(GroupName name) {
    return name.value().getBytes(StandardCharsets.UTF_8);
  }

  /** group_members: groupId + userId, so a group's members scan in user id order. */
  static byte[] member(GroupId group, UserId user) {
    return twoLongs(group.value(), user.value());
  }

  /** group_admins: groupId + userId, the same layout as a group_members key. */
  static byte[] admin(GroupId group, UserId user) {
    return member(group, user);
  }

  /** The group of a group_members (or group_admins) key. */
  static long memberGroup(byte[] memberKey) {
    return ByteBuffer.wrap(memberKey, 0, LONG_BYTES).getLong();
  }

  /** The user of a group_members (or group_admins) key. */
  static long memberUser(byte[] memberKey) {
    return ByteBuffer.wrap(memberKey, LONG_BYTES, LONG_BYTES).getLong();
  }

  /** user_groups: userId + groupId, so a user's groups scan in group id order. */
  static byte[] userGroup(UserId user, GroupId group) {
    return twoLongs(user.value(), group.value());
  }

  /** The group of a user_groups key. */
  static long userGroupGroup(byte[] userGroupKey) {
    return ByteBuffer.wrap(userGroupKey, LONG_BYTES, LONG_BYTES).getLong();
  }

  /** The device of a devices key (userId + deviceId). */
  static long deviceOfUser(byte[] deviceKey) {
    return ByteBuffer.wrap(deviceKey, LONG_BYTES, LONG_BYTES).getLong();
  }

  /** group_log: groupId + seq. */
  static byte[] groupLog(GroupId group, long seq) {
    return twoLongs(group.value(), seq);
  }

  static long groupLogSeq(byte[] groupLogKey) {
    return ByteBuffer.wrap(groupLogKey, LONG_BYTES, LONG_BYTES).getLong();
  }

  /** group_cursors: groupId + deviceId. */
  static byte[] groupCursor(GroupId group, DeviceId device) {
    return twoLongs(group.value(), device.value());
  }

  /**
   * group_expiry: expiresAtMs + groupId + seq, pointing at the group_log entry to delete; the same
   * layout as an expiry key, so {@link #inboxOfExpiry} gives the group_log key.
   */
  static byte[] groupExpiry(long expiresAtMs, GroupId group, long seq) {
    return ByteBuffer.allocate(EXPIRY_KEY_BYTES).putLong(expiresAtMs).putLong(group.value()).putLong(seq).array();
  }

  /** meta: the purge marker of a deleted group. */
  static byte[] groupPurge(GroupId group) {
    return ByteBuffer.allocate(GROUP_PURGE_PREFIX.length + LONG_BYTES)
        .put(GROUP_PURGE_PREFIX)
        .putLong(group.value())
        .array();
  }

  /** The group of a purge marker. */
  static long groupOfPurge(byte[] purgeKey) {
    return ByteBuffer.wrap(purgeKey, GROUP_PURGE_PREFIX.length, LONG_BYTES).getLong();
  }

  /** The first expiry key of entries expiring after {@code nowMs}: the end of what is due. */
  static byte[] expiryAfter(long nowMs) {
    return encodeLong(nowMs + 1);
  }

  /**
   * prekeys_ec and prekeys_kem: deviceId + key id. Bytewise order makes ids compare unsigned, as the
   * uint32 they are on the wire, so "lowest id first" holds for ids of 2^31 and above too.
   */
  static byte[] prekey(DeviceId device, int keyId) {
    return ByteBuffer.allocate(PREKEY_KEY_BYTES).putLong(device.value()).putInt(keyId).array();
  }

  static int prekeyId(byte[] prekeyKey) {
    return ByteBuffer.wrap(prekeyKey, LONG_BYTES, Integer.BYTES).getInt();
  }

  /** meta: a counter or setting name in UTF-8. */
  static byte[] meta(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] twoLongs(long first, long second) {
    return ByteBuffer.allocate(2 * LONG_BYTES).putLong(first).putLong(second).array();
  }

  static byte[] encodeLong(long value) {
    return ByteBuffer.allocate(LONG_BYTES).putLong(value).array();
  }

  static long decodeLong(byte[] bytes) {
    if (bytes.length != LONG_BYTES) throw new IllegalArgumentException("not an 8-byte value: " + bytes.length);
    return ByteBuffer.wrap(bytes).getLong();
  }

  /**
   * The smallest key greater than every key starting with {@code prefix}, for an exclusive upper
   * bound; null when there is none (the prefix is all 0xFF).
   */
  static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
