package dev.parley.storage.group;

/** The outcome of {@link GroupStore#appendRevision}; nothing was written unless {@link Stored}. */
public sealed interface GroupRevised {
  /**
   * The post is durable at {@code stored.seq()}, and the target now reads as {@code target}. A retry
   * ({@code stored.duplicate()}) repeats the original ids and changes nothing; {@code target} is then
   * null.
   */
  record Stored(GroupAppend.Stored stored, GroupEntry target) implements GroupRevised {}

  /** The sender is not a member (or the group does not exist). */
  record NotMember() implements GroupRevised {}

  /**
   * The sender may not: an edit of someone else's post, a delete of someone else's post by a plain
   * member, or an edit where only admins post.
   */
  record NotAllowed() implements GroupRevised {}

  /** No such entry: never appended, expired, or deleted already. */
  record NoSuchTarget() implements GroupRevised {}

  /** The edit came later than the window after the target was stored. */
  record WindowPassed(long targetTimeMs) implements GroupRevised {}
}
