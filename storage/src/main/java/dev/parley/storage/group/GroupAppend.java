package dev.parley.storage.group;

/** The outcome of {@link GroupStore#append}, decided on the same thread that orders membership changes. */
public sealed interface GroupAppend {
  /**
   * The message is durable at {@code seq} of the group's log. For a retry of an already stored
   * message ({@code duplicate}) the seq, ids and time are the original ones.
   */
  record Stored(long seq, long serverMsgId, long serverTimeMs, boolean duplicate) implements GroupAppend {}

  /** The sender is not a member (or the group does not exist); nothing was stored. */
  record NotMember() implements GroupAppend {}

  /** Only admins post in this group (always so in a channel) and the sender is a plain member. */
  record NotAllowed(Role role) implements GroupAppend {}
}
