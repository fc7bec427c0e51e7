package dev.parley.server.cli.bench;

import dev.parley.protocol.sdk.CryptoStore;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link CryptoStore} that counts and times the saves of the store it wraps, and remembers the
 * size of the last state saved. Saves run on the client's event loop; the counters are read from
 * any thread.
 */
final class CountingCryptoStore implements CryptoStore {
  private final CryptoStore store;
  private final AtomicLong saves = new AtomicLong();
  private final AtomicLong saveNanos = new AtomicLong();
  private final AtomicLong lastBytes = new AtomicLong();

  CountingCryptoStore(CryptoStore store) {
    this.store = store;
  }

  @Override
  public Optional<byte[]> load() {
    return store.load();
  }

  @Override
  public void save(byte[] state) {
    long t0 = System.nanoTime();
    store.save(state);
    saveNanos.addAndGet(System.nanoTime() - t0);
    lastBytes.set(state.length);
    saves.incrementAndGet();
  }

  long saves() {
    return saves.get();
  }

  long saveNanos() {
    return saveNanos.get();
  }

  /** Bytes of the last state saved (0 before the first save). */
  long lastBytes() {
    return lastBytes.get();
  }
}
