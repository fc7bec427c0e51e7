package dev.parley.storage.group;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Groups and channels: their records, members, one message log per group and each member device's
 * cursor in it. A message is stored once per group, whatever the number of members; each group's
 * log has one total order of sequence numbers that are strictly increasing and never reused.
 *
 * <p>Membership checks happen where the writes are ordered, so a post or a read cannot race a
 * membership change: an append is refused once the sender's removal is durable, and a read shows a
 * member only what was appended after it joined ({@link Membership#joinedAtSeq()}).
 *
 * <p>Every method is non-blocking: futures complete on a storage thread. Writes complete only once
 * durable under the configured sync policy; failures are {@link
 * dev.parley.storage.StorageOverloadedException} (retry later) or {@link
 * dev.parley.storage.StorageFailureException}. The store records; permissions beyond posting and
 * reading (who may add, remove, rename, edit, within which time) are the server's.
 */
public interface GroupStore {

  /**
   * Creates the group with {@code owner} as its only member, unless the name is taken. Fails with
   * {@link IllegalArgumentException} at once for a channel whose settings let members post.
   */
  CompletableFuture<GroupCreation> create(
      GroupKind kind, GroupName name, UserId owner, GroupSettings settings, long nowMs);

  CompletableFuture<Optional<Group>> findById(GroupId id);

  CompletableFuture<Optional<Group>> findByName(GroupName name);

  /** Gives the group a new name, freeing the old one, unless another group holds it. */
  CompletableFuture<GroupUpdate> rename(GroupId group, GroupName name);

  /**
   * Replaces the group's settings; fails with {@link IllegalArgumentException} (through the future)
   * when they would let a channel's members post.
   */
  CompletableFuture<GroupUpdate> updateSettings(GroupId group, GroupSettings settings);

  /**
   * Deletes the group with its whole log, members and cursors. Its name is free and its id is never
   * reused. The group is gone for every other method as soon as the first write is durable; the
   * member rows of a large group are then purged in bounded writes (resumed by the sweeper after a
   * crash), and the future completes when that is done. False when there is no such group.
   */
  CompletableFuture<Boolean> delete(GroupId group);

  /**
   * Adds the users with {@code role} (ADMIN or MEMBER; IllegalArgumentException at once for OWNER),
   * all or none: when the users who are not members yet do not all fit under the member limit,
   * nobody is added. A user listed twice is added once; members keep their role. Each new member
   * joins at the log's current last seq.
   */
  CompletableFuture<MembersAdded> addMembers(GroupId group, List<UserId> users, Role role, long nowMs);

  /** Removes a member with its devices' cursors; it can neither post nor read from then on. */
  CompletableFuture<MemberUpdate> removeMember(GroupId group, UserId user);

  /** Gives a member another role: ADMIN or MEMBER (IllegalArgumentException at once for OWNER). */
  CompletableFuture<MemberUpdate> setRole(GroupId group, UserId user, Role role);

  /**
   * Hands the group from its owner {@code from} to the member {@code to}, who becomes the owner
   * while {@code from} becomes an admin, in one write: the group has exactly one owner before and
   * after. That {@code from} is the owner is checked in the same place that orders membership
   * changes, so two transfers cannot both succeed.
   */
  CompletableFuture<OwnerChange> transferOwnership(GroupId group, UserId from, UserId to);

  /**
   * The member leaves, as {@link #removeMember} removes it. The owner may leave too: the admin with
   * the lowest user id becomes the owner in the same write (one seek in the admin index, whatever
   * the group's size); with no admin and other members nothing changes ({@link
   * Departure.NoSuccessor}); as the only member its leaving deletes the group, as {@link #delete}
   * does, and the future completes once the group's rows are purged.
   */
  CompletableFuture<Departure> leave(GroupId group, UserId user);

  /** Up to {@code limit} of the group's admins (the owner not included), in user id order. */
  CompletableFuture<List<UserId>> admins(GroupId group, int limit);

  CompletableFuture<Optional<Membership>> membership(GroupId group, UserId user);

  /** Up to {@code limit} members with user id above {@code afterUserId} (0 to start), in user id order. */
  CompletableFuture<List<Membership>> members(GroupId group, long afterUserId, int limit);

  /** The user's memberships, in group id order. */
  CompletableFuture<List<Membership>> groupsOf(UserId user);

  /** The number of members, the owner included; kept, not counted. 0 when there is no such group. */
  CompletableFuture<Integer> memberCount(GroupId group);

  /**
   * Appends the message to the group's log: one write however many members. The sender must be a
   * member, and an admin or the owner where only admins post; this is checked in the same place
   * that orders membership changes. A message whose (sender device, client_msg_id) was stored within
   * the deduplication window is not stored again: the result repeats the original seq and ids with
   * {@code duplicate = true}.
   */
  CompletableFuture<GroupAppend> append(GroupMessage message);

  /**
   * Appends {@code message} as an edit or a delete for everyone of an earlier entry, and changes that
   * entry in the same write: an edit replaces its body with the message's body; a delete empties it
   * and marks it deleted. The rules are checked where membership changes are ordered: the sender must
   * be a member; only the target's sender edits (within the edit window, and only where it may
   * post); the target's sender, the owner and admins delete. The target must be readable: neither
   * deleted nor expired, and not itself an edit or delete. Retries are recognised as by {@link
   * #append}.
   */
  CompletableFuture<GroupRevised> appendRevision(GroupMessage message, GroupRevision revision);

  /**
   * Up to {@code limit} entries with seq greater than both {@code afterSeq} and the reader's {@link
   * Membership#joinedAtSeq()}, in seq order, leaving out entries expired at {@code nowMs}. Membership
   * and entries are read from one consistent view.
   */
  CompletableFuture<GroupRead> read(GroupId group, UserId reader, long afterSeq, int limit, long nowMs);

  /**
   * Older history: up to {@code limit} entries with seq below {@code beforeSeq} and above the
   * reader's {@link Membership#joinedAtSeq()}, newest first, leaving out entries expired at {@code
   * nowMs}. Membership and entries are read from one consistent view, as for {@link #read}.
   */
  CompletableFuture<GroupRead> readBefore(GroupId group, UserId reader, long beforeSeq, int limit, long nowMs);

  /** The highest seq ever assigned in the group's log, 0 if none. */
  CompletableFuture<Long> lastSeq(GroupId group);

  /**
   * Replaces the body of the entry at {@code seq} (the server checks who may edit and until when),
   * recording the editor and the time.
   */
  CompletableFuture<GroupEdit> replace(GroupId group, long seq, byte[] newBody, UserId editor, long nowMs);

  /** Deletes the entry's body for everyone, leaving a marker that names who deleted it and when. */
  CompletableFuture<GroupEdit> tombstone(GroupId group, long seq, UserId deletedBy, long nowMs);

  /** The seq up to which the device has received the group's log, 0 when it has no cursor. */
  CompletableFuture<Long> cursor(DeviceId device, GroupId group);

  /**
   * Moves the device's cursor up to {@code upToSeq}; it never moves back nor past the log's last
   * seq. Completes with the cursor afterwards, or empty, storing nothing, when the device does not
   * exist or its user is not a member.
   */
  CompletableFuture<OptionalLong> advanceCursor(DeviceId device, GroupId group, long upToSeq);
}
