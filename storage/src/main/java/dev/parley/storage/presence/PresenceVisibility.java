package dev.parley.storage.presence;

/** Who may see a user's presence (online, last seen). Stored as {@link #code()}; codes are never reused. */
public enum PresenceVisibility {
  EVERYBODY(1),
  /** The default: users on this user's contact list. */
  CONTACTS(2),
  NOBODY(3);

  public static final PresenceVisibility DEFAULT = CONTACTS;

  private final int code;

  PresenceVisibility(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The setting stored as {@code code}; unknown codes (from a newer version) read as the default. */
  public static PresenceVisibility ofCode(int code) {
    for (PresenceVisibility v : values()) {
      if (v.code == code) return v;
    }
    return DEFAULT;
  }
}
