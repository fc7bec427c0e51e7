package dev.parley.storage.group;

/** The outcome of {@link GroupStore#removeMember} and {@link GroupStore#setRole}. */
public enum MemberUpdate {
  /** Done (or nothing to do: the member already had the role). */
  UPDATED,
  NO_SUCH_GROUP,
  NOT_A_MEMBER,
  /** The owner can be neither removed nor given another role; a group always has its owner. */
  OWNER_IS_FIXED
}
