package dev.parley.storage.group;

/** The outcome of {@link GroupStore#rename} and {@link GroupStore#updateSettings}. */
public sealed interface GroupUpdate {
  /** The group as it now is. */
  record Updated(Group group) implements GroupUpdate {}

  /** Another group holds the name; nothing changed. Only a rename gives this. */
  record NameTaken(GroupName name) implements GroupUpdate {}

  record NoSuchGroup() implements GroupUpdate {}
}
