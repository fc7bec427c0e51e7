package dev.parley.protocol.sdk;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a client keeps its end-to-end state: the device's X25519 identity key, its private prekeys
 * and its sessions with other devices. The state is secret. {@link #save} must replace the stored
 * state atomically (a crash leaves the old state or the new one, never a mix); it is called on the
 * client's I/O thread after every change, so it should be quick.
 */
public interface CryptoStore {
  Optional<byte[]> load();

  void save(byte[] state);

  /** A store that lives as long as the object (tests, throwaway clients). */
  static CryptoStore inMemory() {
    AtomicReference<byte[]> state = new AtomicReference<>();
    return new CryptoStore() {
      @Override
      public Optional<byte[]> load() {
        return Optional.ofNullable(state.get()).map(byte[]::clone);
      }

      @Override
      public void save(byte[] bytes) {
        state.set(bytes.clone());
      }
    };
  }
}
