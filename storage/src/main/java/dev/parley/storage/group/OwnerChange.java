package dev.parley.storage.group;

/** The outcome of {@link GroupStore#transferOwnership}; nothing was written unless {@link Transferred}. */
public sealed interface OwnerChange {
  /**
   * {@code owner} owns the group now and {@code previous}, the owner before, is an admin. When the
   * owner named itself both are the same unchanged membership.
   */
  record Transferred(Membership owner, Membership previous) implements OwnerChange {}

  /** The one handing the group over is not its owner (any longer). */
  record NotOwner() implements OwnerChange {}

  /** The one to receive it is not a member. */
  record NotMember() implements OwnerChange {}

  record NoSuchGroup() implements OwnerChange {}
}
