package dev.parley.storage.group;

import java.util.Optional;

/** The outcome of {@link GroupStore#leave}; nothing was written unless {@link Left} or {@link Deleted}. */
public sealed interface Departure {
  /**
   * The user is no longer a member. When it was the owner, {@code successor} is the admin who owns
   * the group now (the one with the lowest user id); otherwise it is empty.
   */
  record Left(Optional<Membership> successor) implements Departure {}

  /** The owner was the only member: the group is deleted, as by {@link GroupStore#delete}. */
  record Deleted() implements Departure {}

  /** The owner cannot leave: there are other members but no admin to take the group over. */
  record NoSuccessor() implements Departure {}

  /** The user is not a member, or there is no such group. */
  record NotMember() implements Departure {}
}
