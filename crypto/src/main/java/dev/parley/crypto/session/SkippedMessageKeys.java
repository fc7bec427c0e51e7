package dev.parley.crypto.session;

import dev.parley.crypto.encoding.Secrets;

import dev.parley.crypto.agreement.X25519PublicKey;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Message keys derived for messages that have not arrived yet, by (sender ratchet key, message
 * number), oldest first. Bounded: beyond {@link RatchetSession#MAX_STORED_SKIPPED_KEYS} the oldest
 * key is evicted (and wiped), so a message that late can no longer be decrypted; that bounds both
 * memory and how long a compromised device could read withheld messages. Owns the key arrays and
 * wipes them on removal. Not thread-safe; confined with its session.
 */
final class SkippedMessageKeys {
  /** Identifies one skipped message. */
  record Slot(X25519PublicKey ratchetKey, int messageNumber) {}

  private final int capacity;
  private final LinkedHashMap<Slot, byte[]> keys = new LinkedHashMap<>();

  SkippedMessageKeys(int capacity) {
    this.capacity = capacity;
  }

  /** Returns the stored key (not a copy; do not wipe or retain it), or null. */
  byte[] find(Slot slot) {
    return keys.get(slot);
  }

  /** Removes and wipes the key for {@code slot}, once its message has decrypted. */
  void remove(Slot slot) {
    Secrets.wipe(keys.remove(slot));
  }

  /** Takes ownership of {@code messageKey}; evicts and wipes the oldest keys beyond capacity. */
  void add(Slot slot, byte[] messageKey) {
    Secrets.wipe(keys.put(slot, messageKey));
    Iterator<byte[]> oldest = keys.values().iterator();
    while (keys.size() > capacity) {
      Secrets.wipe(oldest.next());
      oldest.remove();
    }
  }

  int size() {
    return keys.size();
  }

  /** Visits entries oldest first, passing the stored arrays themselves; used for persistence. */
  void forEach(BiConsumer<Slot, byte[]> visitor) {
    for (Map.Entry<Slot, byte[]> entry : keys.entrySet()) {
      visitor.accept(entry.getKey(), entry.getValue());
    }
  }
}
