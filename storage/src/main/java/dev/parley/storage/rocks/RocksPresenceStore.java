package dev.parley.storage.rocks;

import dev.parley.storage.account.UserId;
import dev.parley.storage.presence.ContactsUpdate;
import dev.parley.storage.presence.PresenceStore;
import dev.parley.storage.presence.PresenceVisibility;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.RocksDBException;

/**
 * Presence settings and contact lists: writes through the commit stage (so the count check and the
 * change cannot interleave with another change of the same list), reads on the read stage.
 */
final class RocksPresenceStore implements PresenceStore {
  /** The contact-count row of an owner: user ids are positive, so contact 0 never names a user. */
  private static final long COUNT_ROW = 0;

  private final Database db;
  private final CommitStage commits;
  private final ReadStage reads;

  RocksPresenceStore(Database db, CommitStage commits, ReadStage reads) {
    this.db = db;
    this.commits = commits;
    this.reads = reads;
  }

  @Override
  public CompletableFuture<PresenceVisibility> visibility(UserId user) {
    Objects.requireNonNull(user, "user");
    return reads.submit(() -> {
      byte[] v = db.get(Family.PRESENCE_PRIVACY, Keys.user(user));
      return v == null || v.length == 0 ? PresenceVisibility.DEFAULT : PresenceVisibility.ofCode(v[0]);
    });
  }

  @Override
  public CompletableFuture<Void> setVisibility(UserId user, PresenceVisibility visibility) {
    Objects.requireNonNull(user, "user");
    byte[] value = {(byte) visibility.code()};
    return commits.submit(round -> {
      round.put(Family.PRESENCE_PRIVACY, Keys.user(user), value);
      return null;
    });
  }

  @Override
  public CompletableFuture<ContactsUpdate> updateContacts(
      UserId owner, Collection<UserId> add, Collection<UserId> remove, int maxContacts) {
    Objects.requireNonNull(owner, "owner");
    List<UserId> adds = List.copyOf(add);
    List<UserId> removes = List.copyOf(remove);
    return commits.submit(round -> update(round, owner, adds, removes, maxContacts));
  }

  /**
   * Runs on the commit thread: decides first, then writes all or nothing. A user both added and
   * removed in one request ends up on the list.
   */
  private static ContactsUpdate update(Round round, UserId owner, List<UserId> add, List<UserId> remove, int max)
      throws RocksDBException {
    byte[] countKey = key(owner, COUNT_ROW);
    byte[] stored = round.get(Family.CONTACTS, countKey);
    long count = stored == null ? 0 : Keys.decodeLong(stored);
    Set<Long> adding = new LinkedHashSet<>();
    for (UserId u : add) adding.add(u.value());
    Set<Long> toDelete = new LinkedHashSet<>();
    for (UserId u : remove) {
      if (!adding.contains(u.value()) && round.get(Family.CONTACTS, key(owner, u.value())) != null) toDelete.add(u.value());
    }
    Set<Long> toPut = new LinkedHashSet<>();
    for (long id : adding) {
      if (round.get(Family.CONTACTS, key(owner, id)) == null) toPut.add(id);
    }
    long after = count - toDelete.size() + toPut.size();
    if (after > max && !toPut.isEmpty()) return new ContactsUpdate.OverLimit(max);
    for (long id : toDelete) round.delete(Family.CONTACTS, key(owner, id));
    for (long id : toPut) round.put(Family.CONTACTS, key(owner, id), Keys.EMPTY);
    round.put(Family.CONTACTS, countKey, Keys.encodeLong(after));
    return new ContactsUpdate.Updated((int) after);
  }

  @Override
  public CompletableFuture<Set<UserId>> contactsAmong(UserId owner, Collection<UserId> candidates) {
    Objects.requireNonNull(owner, "owner");
    List<UserId> list = List.copyOf(candidates);
    return reads.submit(() -> {
      Set<UserId> found = new HashSet<>();
      for (UserId u : list) {
        if (db.get(Family.CONTACTS, key(owner, u.value())) != null) found.add(u);
      }
      return found;
    });
  }

  private static byte[] key(UserId owner, long contact) {
    return ByteBuffer.allocate(2 * Keys.LONG_BYTES).putLong(owner.value()).putLong(contact).array();
  }
}
