package dev.parley.server.router;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.inbox.InboxEntry;
import dev.parley.storage.prekey.PrekeyCounts;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which devices have a live session, so that a stored message is pushed at once. One session per
 * device: a newer login replaces the older session. Thread-safe and lock-free.
 */
public final class SessionRouter {
  private static final Logger log = LoggerFactory.getLogger(SessionRouter.class);
  private final ConcurrentHashMap<DeviceId, DeviceSession> live = new ConcurrentHashMap<>();

  /** Makes {@code session} the device's live session; a previous one is told it was replaced. */
  public void register(DeviceSession session) {
    DeviceSession previous = live.put(session.device(), session);
    if (previous != null && previous != session) previous.replaced();
  }

  /** Removes {@code session}, unless a newer session of the same device already replaced it. */
  public void unregister(DeviceSession session) {
    live.remove(session.device(), session);
  }

  /** Offers each newly stored entry to its device's live session, if any. */
  public void route(List<InboxEntry> entries) {
    for (InboxEntry e : entries) {
      DeviceSession s = live.get(e.device());
      if (s == null) continue;
      try {
        s.offer(e);
      } catch (RejectedExecutionException closing) {
        // The session's event loop is shutting down; the entry is stored and arrives after login.
        log.debug("session of device {} is closing; entry {} stays in the inbox", e.device(), e.seq());
      }
    }
  }

  /** Tells the device's live session, if any, that its prekey stock is low. */
  public void prekeysLow(DeviceId device, PrekeyCounts left) {
    DeviceSession s = live.get(device);
    if (s != null) s.prekeysLow(left.oneTimePrekeys(), left.kemPrekeys());
  }

  /** Closes the device's live session, if any, because the device was removed. */
  public void revoked(DeviceId device) {
    DeviceSession s = live.get(device);
    if (s != null) s.revoked();
  }

  public int size() {
    return live.size();
  }

  /** Tells every live session that the server is stopping. */
  public void shutdownAll(long retryAfterMs) {
    live.values().forEach(s -> s.shutdown(retryAfterMs));
  }
}
