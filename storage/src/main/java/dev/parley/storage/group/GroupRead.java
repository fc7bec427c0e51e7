package dev.parley.storage.group;

import java.util.List;

/** The outcome of {@link GroupStore#read} and {@link GroupStore#readBefore}. */
public sealed interface GroupRead {
  record Entries(List<GroupEntry> entries) implements GroupRead {
    public Entries {
      entries = List.copyOf(entries);
    }
  }

  /** The reader is not a member (or the group does not exist); nothing is shown. */
  record NotMember() implements GroupRead {}
}
