package dev.parley.server.presence;

import dev.parley.protocol.v1.Presence;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.server.router.DeviceSession;
import dev.parley.storage.account.UserId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The server's in-memory presence: who is online (any live session), when each user was last seen,
 * and which sessions follow whom, each with whether it may see them. Nothing here is ever stored.
 *
 * <p>Thread-safe: one lock guards the state; every method is short and never blocks or does I/O
 * under it. Notices are pushed after the lock is released, through {@link DeviceSession#pushEphemeral}
 * (dropped when the follower's socket is busy). Each user's online/offline notices are throttled to
 * one per {@code noticeIntervalNs}; changes within the interval are coalesced into one notice with the
 * state at the end of it. While {@code holdNotices} says so (the server sheds ephemeral traffic), notices
 * are held back the same way, an interval at a time, and the state at the end goes out once it stops:
 * a reconnect storm's flapping costs no pushes, and followers still end up with the right state.
 */
final class PresenceBoard {
  /** One user as presence sees them: devices online, followers, and the notice throttle. */
  private static final class Target {
    final UserId user;
    String username;
    int devicesOnline;
    /** Follower session -> may it see this user. */
    final Map<DeviceSession, Boolean> followers = new HashMap<>();
    /**
     * What each follower was last told of this user, so a throttled notice that fires after a policy
     * change (or a follow answer) already told them the same state is not sent twice.
     */
    final Map<DeviceSession, Presence> lastTold = new HashMap<>();
    /** The epoch of the user's last privacy or contacts change seen here. */
    long policyVersion;
    long lastNoticeNs = Long.MIN_VALUE / 2;
    boolean noticeScheduled;

    Target(UserId user, String username) {
      this.user = user;
      this.username = username;
    }

    boolean idle() {
      return devicesOnline == 0 && followers.isEmpty() && !noticeScheduled;
    }
  }

  /** A follower's view decision about one user. */
  record Decision(UserId user, String username, boolean allowed) {}

  private record Push(DeviceSession to, ServerFrame frame) {}

  private final Map<UserId, Target> targets = new HashMap<>();
  private final Map<DeviceSession, Set<UserId>> following = new HashMap<>();
  private final Set<DeviceSession> live = new HashSet<>();
  /**
   * Bumped by every privacy or contacts change of anyone. A follow decided from reads that began at
   * another epoch may rest on a setting that changed meanwhile, and is decided again; changes are
   * rare user actions, so such retries are too.
   */
  private long policyEpoch;
  private final LastSeen lastSeen;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final ScheduledExecutorService timer;
  private final long noticeIntervalNs;
  private final BooleanSupplier holdNotices;

  PresenceBoard(
      int lastSeenCapacity, long noticeIntervalNs, Clock clock, LongSupplier nanoTime, ScheduledExecutorService timer,
      BooleanSupplier holdNotices) {
    this.lastSeen = new LastSeen(lastSeenCapacity);
    this.noticeIntervalNs = noticeIntervalNs;
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.timer = timer;
    this.holdNotices = holdNotices;
  }

  /** A device of {@code user} has an authenticated session now. */
  void connected(DeviceSession session, String username) {
    List<Push> pushes = new ArrayList<>();
    synchronized (this) {
      live.add(session);
      Target t = targets.computeIfAbsent(session.user(), u -> new Target(u, username));
      t.username = username;
      if (++t.devicesOnline == 1) changed(t, pushes);
    }
    send(pushes);
  }

  /** The session ended: it follows no one any more, and its user may have gone offline. */
  void disconnected(DeviceSession session) {
    List<Push> pushes = new ArrayList<>();
    synchronized (this) {
      if (!live.remove(session)) return;
      unfollowAll(session);
      Target t = targets.get(session.user());
      if (t == null) return;
      t.devicesOnline = Math.max(0, t.devicesOnline - 1);
      if (t.devicesOnline == 0) {
        lastSeen.wentOffline(t.user, clock.millis());
        changed(t, pushes);
      }
      forgetIfIdle(t);
    }
    send(pushes);
  }

  /** The policy epoch now: read it before reading the settings a follow is decided on. */
  synchronized long policyEpoch() {
    return policyEpoch;
  }

  /**
   * Makes {@code session} follow exactly the users decided on. Returns null when the decisions may be
   * stale (a policy changed since {@code epoch}: decide again), and an empty list when the session has
   * ended. Otherwise returns the answer: {@code decisions} in order, then {@code unknownNames}.
   */
  synchronized List<Presence> follow(DeviceSession session, List<Decision> decisions, List<String> unknownNames, long epoch) {
    if (epoch != policyEpoch) return null;
    if (!live.contains(session)) return List.of();
    unfollowAll(session);
    Set<UserId> followed = new HashSet<>();
    List<Presence> answer = new ArrayList<>();
    for (Decision d : decisions) {
      Target t = targets.computeIfAbsent(d.user(), u -> new Target(u, d.username()));
      t.followers.put(session, d.allowed());
      followed.add(d.user());
      Presence told = d.allowed() ? current(t) : PresenceFrames.hidden(d.username());
      t.lastTold.put(session, told);
      answer.add(told);
    }
    if (!followed.isEmpty()) following.put(session, followed);
    unknownNames.forEach(n -> answer.add(PresenceFrames.hidden(n)));
    return answer;
  }

  /**
   * {@code user}'s privacy or contacts changed: later decisions must be made afresh. Returns the new
   * policy version and the users following them now, whose decisions the caller redoes.
   */
  synchronized Map.Entry<Long, Set<UserId>> policyChanged(UserId user, String username) {
    Target t = targets.computeIfAbsent(user, u -> new Target(u, username));
    t.policyVersion = ++policyEpoch;
    Set<UserId> followers = new HashSet<>();
    t.followers.keySet().forEach(s -> followers.add(s.user()));
    forgetIfIdle(t);
    return Map.entry(t.policyVersion, followers);
  }

  /**
   * Applies redone decisions for {@code user}'s followers (who may see them now) made at {@code
   * version}; ignored when a newer change came since. Followers who gain sight get the current state,
   * those who lose it a hidden notice, so their screens do not keep showing what they may no longer see.
   */
  void applyPolicy(UserId user, long version, Set<UserId> allowedFollowers) {
    List<Push> pushes = new ArrayList<>();
    synchronized (this) {
      Target t = targets.get(user);
      if (t == null || t.policyVersion != version) return;
      for (Map.Entry<DeviceSession, Boolean> f : t.followers.entrySet()) {
        boolean allowed = f.getKey().user().equals(user) || allowedFollowers.contains(f.getKey().user());
        if (allowed == f.getValue()) continue;
        f.setValue(allowed);
        Presence p = allowed ? current(t) : PresenceFrames.hidden(t.username);
        t.lastTold.put(f.getKey(), p);
        pushes.add(new Push(f.getKey(), PresenceFrames.notice(p)));
      }
    }
    send(pushes);
  }

  /** Users online now (for tests and metrics). */
  synchronized boolean online(UserId user) {
    Target t = targets.get(user);
    return t != null && t.devicesOnline > 0;
  }

  // Under the lock.

  private Presence current(Target t) {
    return PresenceFrames.visible(t.user, t.username, t.devicesOnline > 0, lastSeen.of(t.user));
  }

  private void changed(Target t, List<Push> pushes) {
    long now = nanoTime.getAsLong();
    boolean hold = holdNotices.getAsBoolean();
    if (hold && t.followers.isEmpty()) return; // nobody to tell, now or later: nothing to hold
    if (!hold && now - t.lastNoticeNs >= noticeIntervalNs) {
      t.lastNoticeNs = now;
      tell(t, pushes);
    } else if (!t.noticeScheduled) {
      t.noticeScheduled = true;
      long delayNs = hold ? noticeIntervalNs : t.lastNoticeNs + noticeIntervalNs - now;
      timer.schedule(() -> flush(t.user), delayNs, TimeUnit.NANOSECONDS);
    }
  }

  private void flush(UserId user) {
    List<Push> pushes = new ArrayList<>();
    synchronized (this) {
      Target t = targets.get(user);
      if (t == null) return;
      if (holdNotices.getAsBoolean() && !t.followers.isEmpty()) {
        timer.schedule(() -> flush(user), noticeIntervalNs, TimeUnit.NANOSECONDS); // still loaded: hold on
        return;
      }
      t.noticeScheduled = false;
      t.lastNoticeNs = nanoTime.getAsLong();
      tell(t, pushes);
      forgetIfIdle(t);
    }
    send(pushes);
  }

  private void tell(Target t, List<Push> pushes) {
    if (t.followers.isEmpty()) return;
    Presence now = current(t);
    ServerFrame notice = PresenceFrames.notice(now);
    t.followers.forEach((session, allowed) -> {
      if (allowed && !now.equals(t.lastTold.put(session, now))) pushes.add(new Push(session, notice));
    });
  }

  private void unfollowAll(DeviceSession session) {
    Set<UserId> old = following.remove(session);
    if (old == null) return;
    for (UserId u : old) {
      Target t = targets.get(u);
      if (t == null) continue;
      t.followers.remove(session);
      t.lastTold.remove(session);
      forgetIfIdle(t);
    }
  }

  private void forgetIfIdle(Target t) {
    if (t.idle()) targets.remove(t.user);
  }

  private static void send(List<Push> pushes) {
    for (Push p : pushes) {
      try {
        p.to().pushEphemeral(p.frame());
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        // The follower's loop is shutting down; an ephemeral notice is simply not sent.
      }
    }
  }
}
