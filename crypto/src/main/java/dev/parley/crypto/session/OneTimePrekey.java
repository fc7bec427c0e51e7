package dev.parley.crypto.session;

import dev.parley.crypto.agreement.X25519PublicKey;
import java.util.Objects;

/**
 * The public half of a one-time X25519 prekey. Unsigned, as in X3DH/PQXDH: a forged one only
 * weakens the one-time-key contribution, and the other DH and KEM inputs still protect the session.
 * The server hands each out at most once.
 *
 * @param id the device-chosen id, {@code >= 0}
 * @param key the X25519 public key
 */
public record OneTimePrekey(int id, X25519PublicKey key) {
  /**
   * @throws IllegalArgumentException if {@code id} is negative
   */
  public OneTimePrekey {
    PrekeyIds.check("one-time prekey id", id);
    Objects.requireNonNull(key, "key");
  }
}
