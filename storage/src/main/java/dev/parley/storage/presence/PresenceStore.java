package dev.parley.storage.presence;

import dev.parley.storage.account.UserId;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What presence keeps durably: each user's privacy setting and contact list (the users who may see
 * the user's presence under {@link PresenceVisibility#CONTACTS}). Online state and last seen are not
 * stored anywhere.
 *
 * <p>Non-blocking like every store: futures complete on a storage thread; writes only once durable.
 */
public interface PresenceStore {
  /** The user's setting; {@link PresenceVisibility#DEFAULT} when never set. */
  CompletableFuture<PresenceVisibility> visibility(UserId user);

  CompletableFuture<Void> setVisibility(UserId user, PresenceVisibility visibility);

  /**
   * Adds and removes contacts of {@code owner} in one write; refuses all of it when the list would
   * hold more than {@code maxContacts}. Adding a present contact or removing an absent one is a no-op.
   */
  CompletableFuture<ContactsUpdate> updateContacts(
      UserId owner, Collection<UserId> add, Collection<UserId> remove, int maxContacts);

  /** Those of {@code candidates} that are on {@code owner}'s contact list. */
  CompletableFuture<Set<UserId>> contactsAmong(UserId owner, Collection<UserId> candidates);
}
