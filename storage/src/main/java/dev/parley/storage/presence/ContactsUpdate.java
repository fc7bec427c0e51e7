package dev.parley.storage.presence;

/** The outcome of changing a contact list: all changes applied, or none because of the limit. */
public sealed interface ContactsUpdate {
  record Updated(int contactCount) implements ContactsUpdate {}

  record OverLimit(int limit) implements ContactsUpdate {}
}
