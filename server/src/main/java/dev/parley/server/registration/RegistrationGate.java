package dev.parley.server.registration;

import dev.parley.storage.admin.AdminStore;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The registration mode in force. Read on every Register from any event loop (a volatile read);
 * changed by the operator, stored with the data first so that a restart keeps it. Thread-safe.
 */
public final class RegistrationGate {
  static final String SETTING = "registration_mode";

  private final AdminStore store;
  private volatile RegistrationMode mode;

  private RegistrationGate(AdminStore store, RegistrationMode mode) {
    this.store = store;
    this.mode = mode;
  }

  /** The stored mode; open when none was ever set. Blocks: call at startup, not on an event loop. */
  public static RegistrationGate load(AdminStore store) {
    RegistrationMode mode =
        store.setting(SETTING).join().flatMap(RegistrationMode::parse).orElse(RegistrationMode.OPEN);
    return new RegistrationGate(store, mode);
  }

  public RegistrationMode mode() {
    return mode;
  }

  /** Stores the mode, then applies it; completes once durable. */
  public CompletableFuture<RegistrationMode> set(RegistrationMode newMode) {
    Objects.requireNonNull(newMode, "newMode");
    return store.putSetting(SETTING, newMode.label()).thenApply(v -> {
      mode = newMode;
      return newMode;
    });
  }
}
