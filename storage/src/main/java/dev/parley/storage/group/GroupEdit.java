package dev.parley.storage.group;

/** The outcome of {@link GroupStore#replace} and {@link GroupStore#tombstone}. */
public sealed interface GroupEdit {
  /** The entry as it now reads. */
  record Done(GroupEntry entry) implements GroupEdit {}

  /** No such entry: never appended, expired and swept, or its group is gone. */
  record NoSuchEntry() implements GroupEdit {}

  /** The entry was deleted for everyone already; a deleted entry cannot be edited or deleted again. */
  record AlreadyDeleted() implements GroupEdit {}
}
