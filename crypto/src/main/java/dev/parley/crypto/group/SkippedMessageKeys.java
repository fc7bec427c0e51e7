package dev.parley.crypto.group;

import dev.parley.crypto.encoding.Secrets;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ObjIntConsumer;

/**
 * Message keys of one sender key derived for messages that have not arrived yet, by iteration,
 * oldest first. Bounded: beyond {@link SenderKeyReceiver#MAX_STORED_SKIPPED_KEYS} the oldest key is
 * evicted (and wiped), so a message that late can no longer be decrypted; that bounds both memory
 * and how long a compromised device could read withheld messages. Owns the key arrays and wipes
 * them on removal. Not thread-safe; confined with its receiver.
 */
final class SkippedMessageKeys {
  private final int capacity;
  private final LinkedHashMap<Integer, byte[]> keys = new LinkedHashMap<>();

  SkippedMessageKeys(int capacity) {
    this.capacity = capacity;
  }

  /** Returns the stored key (not a copy; do not wipe or retain it), or null. */
  byte[] find(int iteration) {
    return keys.get(iteration);
  }

  /** Removes and wipes the key for {@code iteration}, once its message has decrypted. */
  void remove(int iteration) {
    Secrets.wipe(keys.remove(iteration));
  }

  /**
   * Takes ownership of {@code messageKey}, which must be for a later iteration than any stored;
   * evicts and wipes the oldest keys beyond capacity.
   */
  void add(int iteration, byte[] messageKey) {
    Secrets.wipe(keys.put(iteration, messageKey));
    Iterator<byte[]> oldest = keys.values().iterator();
    while (keys.size() > capacity) {
      Secrets.wipe(oldest.next());
      oldest.remove();
    }
  }

  /** Removes and wipes every key. */
  void clear() {
    keys.values().forEach(Secrets::wipe);
    keys.clear();
  }

  int size() {
    return keys.size();
  }

  /** Visits entries oldest first, passing the stored arrays themselves; used for persistence. */
  void forEach(ObjIntConsumer<byte[]> visitor) {
    for (Map.Entry<Integer, byte[]> entry : keys.entrySet()) {
      visitor.accept(entry.getValue(), entry.getKey());
    }
  }
}
