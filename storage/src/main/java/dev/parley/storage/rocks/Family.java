package dev.parley.storage.rocks;

import java.nio.charset.StandardCharsets;

/**
 * The column families, with the access pattern their table options are tuned for. A database created
 * before a family existed gets it, empty, on the next open (create_missing_column_families), so
 * adding a family needs no schema version bump.
 */
enum Family {
  /** userId -> AccountRecord */
  ACCOUNTS("accounts", Access.POINT),
  /** canonical username -> userId */
  USERNAMES("usernames", Access.POINT),
  /** userId + deviceId -> DeviceRecord; point lookups and short per-user scans */
  DEVICES("devices", Access.POINT),
  /** deviceId -> userId */
  DEVICE_INDEX("device_index", Access.POINT),
  /** deviceId + seq -> EnvelopeRecord; read by seeking into one device's range */
  INBOX("inbox", Access.DEVICE_PREFIX),
  /** deviceId -> last seq ever assigned */
  INBOX_SEQ("inbox_seq", Access.POINT),
  /** senderDeviceId + clientMsgId -> SentRecord */
  SENT("sent", Access.POINT),
  /** expiresAtMs + deviceId + seq -> empty; scanned in time order by the sweeper */
  EXPIRY("expiry", Access.SCAN),
  /** deviceId -> DeviceKeysRecord: identity DH key, signed prekey, last-resort KEM prekey */
  DEVICE_KEYS("device_keys", Access.POINT),
  /** deviceId + keyId -> one-time X25519 public key; the lowest id of a device is taken first */
  PREKEYS_EC("prekeys_ec", Access.DEVICE_PREFIX),
  /** deviceId + keyId -> KemPrekeyDisk; the lowest id of a device is taken first */
  PREKEYS_KEM("prekeys_kem", Access.DEVICE_PREFIX),
  /** deviceId -> PrekeyCountsRecord, kept in step with prekeys_ec and prekeys_kem */
  PREKEY_COUNTS("prekey_counts", Access.POINT),
  /** counter or setting name -> value; also "group_purge/" + groupId -> empty while a purge is due */
  META("meta", Access.POINT),
  /** groupId -> GroupRecord, with the member count */
  GROUPS("groups", Access.POINT),
  /** canonical group name -> groupId */
  GROUP_NAMES("group_names", Access.POINT),
  /** groupId + userId -> MembershipRecord; point lookups and paged per-group scans */
  GROUP_MEMBERS("group_members", Access.DEVICE_PREFIX),
  /** userId + groupId -> MembershipRecord (the same as in group_members); per-user scans */
  USER_GROUPS("user_groups", Access.DEVICE_PREFIX),
  /**
   * groupId + userId -> empty, for every ADMIN (not the owner), kept in the same batches as
   * group_members: the owner's successor is a group's first admin, found by one seek
   */
  GROUP_ADMINS("group_admins", Access.DEVICE_PREFIX),
  /** groupId + seq -> GroupMessageRecord: each group's one log, read by seeking into its range */
  GROUP_LOG("group_log", Access.DEVICE_PREFIX),
  /** groupId -> last seq ever assigned in the group's log */
  GROUP_SEQ("group_seq", Access.POINT),
  /** groupId + deviceId -> seq the device has received up to; group first, so a group's go in one range */
  GROUP_CURSORS("group_cursors", Access.POINT),
  /** expiresAtMs + groupId + seq -> empty; scanned in time order by the sweeper */
  GROUP_EXPIRY("group_expiry", Access.SCAN),
  /** invite code (UTF-8) -> GroupInviteRecord */
  GROUP_INVITES("group_invites", Access.POINT),
  /** userId -> one byte, the PresenceVisibility code; absent = the default */
  PRESENCE_PRIVACY("presence_privacy", Access.POINT),
  /** ownerId + contactId -> empty: who sees the owner's presence; ownerId + 0 -> the count */
  CONTACTS("contacts", Access.POINT);

  /** How a family is read, which decides its filter. */
  enum Access {
    /** Gets by whole key: a whole-key bloom filter skips files without the key. */
    POINT,
    /**
     * Seeks within one 8-byte id prefix (a device, a group or a user): a prefix bloom filter skips
     * files without the id.
     */
    DEVICE_PREFIX,
    /** Ordered scans only: a filter would never be consulted. */
    SCAN
  }

  private final String cfName;
  private final Access access;

  Family(String cfName, Access access) {
    this.cfName = cfName;
    this.access = access;
  }

  byte[] cfName() {
    return cfName.getBytes(StandardCharsets.UTF_8);
  }

  Access access() {
    return access;
  }
}
