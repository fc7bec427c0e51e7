package dev.parley.storage.group;

/** A member's role in a group. A group has exactly one owner; channel subscribers are members. */
public enum Role {
  OWNER,
  ADMIN,
  MEMBER;

  /** True for the owner and admins: the roles that may post where only admins post. */
  public boolean isAdmin() {
    return this != MEMBER;
  }
}
