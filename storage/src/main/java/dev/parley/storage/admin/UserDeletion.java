package dev.parley.storage.admin;

import dev.parley.storage.account.UserId;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.Membership;
import java.util.List;

/**
 * What {@link AdminStore#deleteUser} did to the groups and channels the user owned, in the same write
 * that erased the user: each one either passed to a successor or, with no other member, was deleted.
 */
public record UserDeletion(UserId user, List<Succession> successions, List<Group> deletedGroups) {
  public UserDeletion {
    successions = List.copyOf(successions);
    deletedGroups = List.copyOf(deletedGroups);
  }

  /**
   * A group the user owned, as it is now ({@code group.owner()} is the successor), and the
   * successor's membership with the role OWNER.
   */
  public record Succession(Group group, Membership owner) {}
}
