package dev.parley.protocol.sdk;

import java.util.Optional;

/**
 * Where a client keeps its resumption token between connections (and, if the application persists
 * it, between runs): an opaque record the SDK writes after each login and clears when it uses it.
 * With a token, a reconnect logs in without a signature; without one it does a full login. A token
 * lets its holder log in as this device until it is used or expires, so keep it as private as the
 * device's keys. Called on the client's event loop.
 */
public interface ResumptionStore {
  Optional<byte[]> load();

  void save(byte[] record);

  void clear();

  /** Kept in memory: reconnects of this client resume, a new client does a full login. */
  static ResumptionStore inMemory() {
    return new ResumptionStore() {
      private byte[] record;

      @Override
      public synchronized Optional<byte[]> load() {
        return Optional.ofNullable(record).map(byte[]::clone);
      }

      @Override
      public synchronized void save(byte[] r) {
        record = r.clone();
      }

      @Override
      public synchronized void clear() {
        record = null;
      }
    };
  }
}
