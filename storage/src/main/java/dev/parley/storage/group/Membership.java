package dev.parley.storage.group;

import dev.parley.storage.account.UserId;

/**
 * A user's place in a group. {@code joinedAtSeq} is the group log's last seq when the user joined:
 * the member reads only entries after it, never the history before it joined.
 */
public record Membership(GroupId group, UserId user, Role role, long joinedAtMs, long joinedAtSeq) {
  /** The same membership with another role. */
  public Membership withRole(Role newRole) {
    return new Membership(group, user, newRole, joinedAtMs, joinedAtSeq);
  }
}
