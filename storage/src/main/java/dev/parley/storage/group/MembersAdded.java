package dev.parley.storage.group;

import dev.parley.storage.account.UserId;
import java.util.List;

/** The outcome of {@link GroupStore#addMembers}: all of the new members were added, or none. */
public sealed interface MembersAdded {
  /** {@code added} are now members; {@code alreadyMembers} were, and kept their role. */
  record Added(List<Membership> added, List<UserId> alreadyMembers) implements MembersAdded {
    public Added {
      added = List.copyOf(added);
      alreadyMembers = List.copyOf(alreadyMembers);
    }
  }

  /** Adding {@code newMembers} to {@code memberCount} would pass {@code memberLimit}; nobody was added. */
  record OverLimit(int memberLimit, int memberCount, int newMembers) implements MembersAdded {}

  record NoSuchGroup() implements MembersAdded {}
}
