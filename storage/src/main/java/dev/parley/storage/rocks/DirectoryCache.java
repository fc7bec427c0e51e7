package dev.parley.storage.rocks;

import dev.parley.storage.account.Account;
import dev.parley.storage.account.Device;
import dev.parley.storage.account.UserId;
import dev.parley.storage.account.Username;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accounts, usernames and device lists as last read from the DB, so that a send (three lookups:
 * recipient by name, recipient's devices, sender's devices) does not cost three reads on the read
 * stage. A profile of the 1:1 bench put a quarter of the server's CPU in those reads.
 *
 * <p>Only found values are kept, never "not found", so a registration never needs to invalidate.
 * Every change of an account or of its devices calls {@link #forget} once the change is durable.
 * A read that started before a change must not put its stale value back after the change forgot
 * it: each read notes {@link #generation()} before it reads the DB and stores its value only if no
 * change happened meanwhile ({@code compute} and {@code remove} on one key are atomic with respect to
 * each other, and {@code forget} bumps the generation before removing).
 *
 * <p>Bounded: a map past {@code maxEntries} drops about a tenth of its entries (arbitrary ones),
 * which only costs reads.
 */
final class DirectoryCache {
  private final int maxEntries;
  private final AtomicLong generation = new AtomicLong();
  private final Map<Long, Account> accounts = new ConcurrentHashMap<>();
  private final Map<Username, Long> names = new ConcurrentHashMap<>();
  private final Map<Long, List<Device>> devices = new ConcurrentHashMap<>();
  private final Counter hits;
  private final Counter misses;

  DirectoryCache(int maxEntries, MeterRegistry meters) {
    this.maxEntries = maxEntries;
    this.hits = Counter.builder("parley.directory.cache").tag("result", "hit").register(meters);
    this.misses = Counter.builder("parley.directory.cache").tag("result", "miss").register(meters);
    Gauge.builder("parley.directory.cache.entries", this, c -> c.accounts.size() + c.names.size() + c.devices.size())
        .description("accounts, usernames and device lists held in memory")
        .register(meters);
  }

  long generation() {
    return generation.get();
  }

  Account account(UserId user) {
    return counted(accounts.get(user.value()));
  }

  /** The user the name belonged to when last read; the caller checks the account still has it. */
  Long userNamed(Username name) {
    return counted(names.get(name));
  }

  List<Device> devices(UserId user) {
    return counted(devices.get(user.value()));
  }

  void putAccount(long readAt, Account account) {
    put(accounts, readAt, account.id().value(), account);
    put(names, readAt, account.username(), account.id().value());
  }

  void putDevices(long readAt, UserId user, List<Device> list) {
    put(devices, readAt, user.value(), List.copyOf(list));
  }

  /** Called once a change of this user's account or devices is durable. */
  void forget(UserId user) {
    generation.incrementAndGet();
    Account gone = accounts.remove(user.value());
    if (gone != null) names.remove(gone.username(), user.value());
    devices.remove(user.value());
  }

  private <T> T counted(T found) {
    (found == null ? misses : hits).increment();
    return found;
  }

  private <K, V> void put(Map<K, V> map, long readAt, K key, V value) {
    if (map.size() >= maxEntries) shrink(map);
    map.compute(key, (k, old) -> generation.get() == readAt ? value : old);
  }

  private void shrink(Map<?, ?> map) {
    int drop = Math.max(1, maxEntries / 10);
    for (Iterator<?> it = map.keySet().iterator(); it.hasNext() && drop-- > 0; ) {
      it.next();
      it.remove();
    }
  }
}
