package dev.parley.storage.admin;

import dev.parley.storage.account.Account;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.Group;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What an operator does to the store: list and change accounts, erase or export a user, server
 * settings and invites, checkpoints, compaction and statistics.
 *
 * <p>Every method is non-blocking: the future completes on a storage thread. Writes go through the
 * same commit stage as client traffic and complete once durable; checkpoints and compaction run on
 * one maintenance thread of their own, so they never hold up the commit or read threads.
 */
public interface AdminStore {

  /** Up to {@code limit} accounts with ids above {@code afterId}, in id order. */
  CompletableFuture<List<Account>> accounts(long afterId, int limit);

  /** Sets the account's disabled flag; false when there is no such account. */
  CompletableFuture<Boolean> setDisabled(UserId user, boolean disabled);

  /**
   * Erases the user: the account and username, every device with its inbox, keys and prekeys, every
   * group membership and cursor. Messages the user sent that wait in other users' inboxes are theirs
   * and stay. Each group or channel the user owned passes, in the same write, to its admin with the
   * lowest user id, or with no admin to its member with the lowest user id; one the user was the only
   * member of is deleted as {@link dev.parley.storage.group.GroupStore#delete} deletes it (the future
   * completes once those purges ran or were left to the sweeper). Empty when there is no such user.
   */
  CompletableFuture<Optional<UserDeletion>> deleteUser(UserId user);

  /**
   * Everything stored about the user (undelivered messages as the ciphertext they are), read store by
   * store while the server runs; empty when there is no such user.
   */
  CompletableFuture<Optional<UserData>> export(UserId user);

  /** Up to {@code limit} groups and channels with ids above {@code afterId}, in id order. */
  CompletableFuture<List<Group>> groups(long afterId, int limit);

  /** A server setting stored with the data (for example the registration mode). */
  CompletableFuture<Optional<String>> setting(String name);

  CompletableFuture<Void> putSetting(String name, String value);

  /** Stores a new invite; false when the code exists already. */
  CompletableFuture<Boolean> createInvite(Invite invite);

  CompletableFuture<List<Invite>> invites();

  /** False when there was no such invite. */
  CompletableFuture<Boolean> revokeInvite(String code);

  /**
   * Writes a consistent checkpoint of the whole database into {@code target}, which must not exist;
   * on the same file system its files are hard links, so it is quick and small. Clients keep being
   * served meanwhile.
   */
  CompletableFuture<Void> checkpoint(Path target);

  /** Compacts every column family (reclaims space of deleted and expired data). */
  CompletableFuture<Void> compact();

  CompletableFuture<StorageStats> stats();
}
