package dev.parley.server.presence;

import dev.parley.storage.account.UserId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When each recently seen user's last device disconnected, in memory only and bounded: past
 * {@code capacity} the longest-gone users are forgotten (their last seen becomes unknown). Not
 * thread-safe; the {@link PresenceBoard} guards it.
 */
final class LastSeen {
  private final Map<UserId, Long> lastSeenMs;

  LastSeen(int capacity) {
    this.lastSeenMs = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<UserId, Long> eldest) {
        return size() > capacity;
      }
    };
  }

  void wentOffline(UserId user, long nowMs) {
    lastSeenMs.remove(user); // re-inserted last: insertion order is time order
    lastSeenMs.put(user, nowMs);
  }

  /** Milliseconds since the epoch, or 0 when unknown. */
  long of(UserId user) {
    return lastSeenMs.getOrDefault(user, 0L);
  }
}
