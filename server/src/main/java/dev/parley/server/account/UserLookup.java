package dev.parley.server.account;

import dev.parley.storage.account.Account;
import dev.parley.storage.account.AccountStore;
import dev.parley.storage.account.UserId;
import dev.parley.storage.account.Username;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Finds the account a request names, by username or by user id. A malformed name or a non-positive
 * id simply finds nothing. Non-blocking.
 */
public final class UserLookup {
  private final AccountStore accounts;

  public UserLookup(AccountStore accounts) {
    this.accounts = accounts;
  }

  public CompletableFuture<Optional<Account>> byName(String username) {
    return Username.parse(username).map(accounts::findByUsername).orElse(none());
  }

  public CompletableFuture<Optional<Account>> byId(long userId) {
    return userId > 0 ? accounts.findById(new UserId(userId)) : none();
  }

  public static CompletableFuture<Optional<Account>> none() {
    return CompletableFuture.completedFuture(Optional.empty());
  }
}
