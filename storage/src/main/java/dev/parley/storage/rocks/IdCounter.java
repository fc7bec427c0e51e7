package dev.parley.storage.rocks;

/** An id sequence kept in the meta family; the stored value is the next id to hand out. */
enum IdCounter {
  USER_ID("next_user_id"),
  DEVICE_ID("next_device_id"),
  /** Shared by 1:1 and group messages, so a server msg id names one message across both. */
  SERVER_MSG_ID("next_server_msg_id"),
  GROUP_ID("next_group_id");

  /** Ids are positive, so a fresh database starts every counter here. */
  static final long FIRST = 1;

  private final byte[] metaKey;

  IdCounter(String metaName) {
    this.metaKey = Keys.meta(metaName);
  }

  byte[] metaKey() {
    return metaKey.clone();
  }
}
