package dev.parley.storage.group;

/**
 * A group's rules. The store enforces {@code onlyAdminsPost} (on every append) and {@code
 * memberLimit} (on every add); the server enforces {@code onlyAdminsEdit} (who may rename and change
 * settings) and derives each message's expiry from {@code messageTtlSeconds}.
 *
 * @param onlyAdminsPost only the owner and admins may append; always true for a channel
 * @param onlyAdminsEdit only the owner and admins may rename the group or change its settings
 * @param memberLimit most members, the owner included; {@link #UNLIMITED} for no limit. The server
 *     picks it within its configured maximum. Lowering it below the current count admits nobody new
 *     and removes nobody.
 * @param messageTtlSeconds how long messages live, 0 for no expiry
 * @param endToEnd posts are sender-key ciphertext the server cannot read; the server decides it at
 *     creation; {@link GroupStore#updateSettings} keeps the stored value, so it never changes
 */
public record GroupSettings(
    boolean onlyAdminsPost, boolean onlyAdminsEdit, int memberLimit, long messageTtlSeconds, boolean endToEnd) {
  public static final int UNLIMITED = Integer.MAX_VALUE;

  /** Settings of a group that is not end-to-end encrypted. */
  public GroupSettings(boolean onlyAdminsPost, boolean onlyAdminsEdit, int memberLimit, long messageTtlSeconds) {
    this(onlyAdminsPost, onlyAdminsEdit, memberLimit, messageTtlSeconds, false);
  }

  public GroupSettings {
    if (memberLimit < 1) throw new IllegalArgumentException("memberLimit < 1: " + memberLimit);
    if (messageTtlSeconds < 0) throw new IllegalArgumentException("messageTtlSeconds < 0: " + messageTtlSeconds);
  }

  /** A group where everyone posts, admins edit, up to {@code memberLimit} members, no expiry. */
  public static GroupSettings group(int memberLimit) {
    return new GroupSettings(false, true, memberLimit, 0);
  }

  /** A channel: admins post and edit, unlimited subscribers, no expiry. */
  public static GroupSettings channel() {
    return new GroupSettings(true, true, UNLIMITED, 0);
  }
}
