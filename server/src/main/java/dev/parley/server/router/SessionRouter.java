package dev.parley.server.router;

import dev.parley.protocol.v1.ServerFrame;
import dev.parley.server.delivery.EncodedFrame;
import io.netty.buffer.ByteBufAllocator;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.GroupEntry;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.inbox.InboxEntry;
import dev.parley.storage.prekey.PrekeyCounts;
import java.util.List;
import java.util.Set;
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
  private final ConcurrentHashMap<UserId, Set<DeviceSession>> byUser = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<GroupId, Set<DeviceSession>> byGroup = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<DeviceSession, Set<GroupId>> groupsOf = new ConcurrentHashMap<>();

  /** Makes {@code session} the device's live session; a previous one is told it was replaced. */
  public void register(DeviceSession session) {
    DeviceSession previous = live.put(session.device(), session);
    byUser.computeIfAbsent(session.user(), u -> ConcurrentHashMap.newKeySet()).add(session);
    if (previous != null && previous != session) previous.replaced();
  }

  /** Removes {@code session}, unless a newer session of the same device already replaced it. */
  public void unregister(DeviceSession session) {
    live.remove(session.device(), session);
    byUser.computeIfPresent(session.user(), (u, set) -> {
      set.remove(session);
      return set.isEmpty() ? null : set;
    });
    Set<GroupId> groups = groupsOf.remove(session);
    if (groups != null) groups.forEach(g -> unsubscribe(g, session));
  }

  /** The live sessions of a user's devices. */
  public Set<DeviceSession> sessionsOf(UserId user) {
    return byUser.getOrDefault(user, Set.of());
  }

  /** {@code session} receives the group's posts from now on. */
  public void subscribe(GroupId group, DeviceSession session) {
    byGroup.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(session);
    groupsOf.computeIfAbsent(session, s -> ConcurrentHashMap.newKeySet()).add(group);
  }

  public void unsubscribe(GroupId group, DeviceSession session) {
    byGroup.computeIfPresent(group, (g, set) -> {
      set.remove(session);
      return set.isEmpty() ? null : set;
    });
    Set<GroupId> groups = groupsOf.get(session);
    if (groups != null) groups.remove(group);
  }

  /**
   * Offers a stored post to every live member device. The frame is serialized once; every member
   * connection writes a share of the same buffer.
   */
  public void routeGroup(GroupId group, GroupEntry entry, ServerFrame frame) {
    Set<DeviceSession> sessions = byGroup.getOrDefault(group, Set.of());
    if (sessions.isEmpty()) return;
    EncodedFrame encoded = EncodedFrame.of(frame, ByteBufAllocator.DEFAULT);
    try {
      for (DeviceSession s : sessions) {
        try {
          s.offerGroup(group, entry, encoded.share());
        } catch (RejectedExecutionException closing) {
          log.debug("session of device {} is closing; group {} entry {} waits in the log", s.device(), group, entry.seq());
        }
      }
    } finally {
      encoded.release();
    }
  }

  /** Live sessions subscribed to a group. */
  public Set<DeviceSession> groupSessions(GroupId group) {
    return byGroup.getOrDefault(group, Set.of());
  }

  /** Live member devices of a group, for metrics and tests. */
  public int subscribers(GroupId group) {
    return byGroup.getOrDefault(group, Set.of()).size();
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

  /** Every live session, for the operator. A snapshot of a moving set. */
  public java.util.Collection<DeviceSession> sessions() {
    return java.util.List.copyOf(live.values());
  }

  /** The device's live session, if any. */
  public java.util.Optional<DeviceSession> session(DeviceId device) {
    return java.util.Optional.ofNullable(live.get(device));
  }

  public int size() {
    return live.size();
  }

  /** Tells every live session that the server is stopping. */
  public void shutdownAll(long retryAfterMs) {
    live.values().forEach(s -> s.shutdown(retryAfterMs));
  }
}
