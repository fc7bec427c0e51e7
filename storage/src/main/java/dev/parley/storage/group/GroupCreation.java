package dev.parley.storage.group;

/** The outcome of {@link GroupStore#create}. */
public sealed interface GroupCreation {
  /** The group and its owner's membership now exist durably. */
  record Created(Group group, Membership owner) implements GroupCreation {}

  /** Another group holds the name (compared case-insensitively). */
  record NameTaken(GroupName name) implements GroupCreation {}
}
