package dev.parley.storage.rocks;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.group.GroupId;

/**
 * Names one sequence: a device's inbox (kept in inbox_seq) or a group's log (kept in group_seq),
 * each stored under its 8-byte id.
 */
record SeqKey(Family family, long id) {
  static SeqKey inbox(DeviceId device) {
    return new SeqKey(Family.INBOX_SEQ, device.value());
  }

  static SeqKey group(GroupId group) {
    return new SeqKey(Family.GROUP_SEQ, group.value());
  }

  byte[] key() {
    return Keys.encodeLong(id);
  }
}
