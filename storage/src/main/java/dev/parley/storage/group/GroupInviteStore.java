package dev.parley.storage.group;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Invite links to groups and channels, by code. The server decides who may create and revoke them;
 * the store only keeps them. Non-blocking; writes complete once durable.
 */
public interface GroupInviteStore {
  /** Stores the invite unless its group does not exist (false) or the code is taken (false). */
  CompletableFuture<Boolean> create(GroupInvite invite);

  /** The invite with this code, if any, expired or not; its group may have been deleted since. */
  CompletableFuture<Optional<GroupInvite>> find(String code);

  /** Deletes the invite; false when there was none. */
  CompletableFuture<Boolean> revoke(String code);
}
