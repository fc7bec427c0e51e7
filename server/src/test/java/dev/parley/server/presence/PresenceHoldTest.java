package dev.parley.server.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.v1.PresenceState;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.server.router.DeviceSession;
import dev.parley.server.testkit.Await;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupEntry;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.inbox.InboxEntry;
import io.netty.buffer.ByteBuf;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * While the server sheds ephemeral traffic, presence notices are held back rather than pushed; a
 * follower gets the state at the end, once, when shedding stops. The notice throttle runs on a
 * hand-moved ticker, so a change outside the throttle interval would be pushed at once if not held.
 */
@Timeout(30)
class PresenceHoldTest {
  private static final long INTERVAL_NS = 10_000_000L;

  private final java.util.concurrent.ScheduledThreadPoolExecutor timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
  private final AtomicLong nowNs = new AtomicLong();
  private final AtomicBoolean hold = new AtomicBoolean();
  private final PresenceBoard board = new PresenceBoard(100, INTERVAL_NS, Clock.systemUTC(), nowNs::get, timer, hold::get);

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  @Test
  void noticesAreHeldWhileSheddingAndTheFinalStateGoesOutOnceAfter() {
    Session alice = new Session(1);
    Session bob = new Session(2);
    assertThat(bothOnlineAndBobFollowsAlice(alice, bob)).hasSize(1);

    hold.set(true);
    later();
    board.disconnected(alice);
    later();
    board.connected(alice, "alice");
    later();
    board.disconnected(alice);
    assertThat(bob.pushed).as("nothing pushed while held").isEmpty();

    hold.set(false);
    Await.until("the held notice went out", () -> !bob.pushed.isEmpty());
    assertThat(bob.pushed).hasSize(1);
    assertThat(state(bob.pushed.peek())).as("the state at the end").isEqualTo(PresenceState.OFFLINE);

    // Not held, a change after the throttle interval is pushed at once.
    later();
    board.connected(alice, "alice");
    assertThat(bob.pushed).hasSize(2);
    assertThat(bob.pushed.stream().skip(1).map(PresenceHoldTest::state)).containsExactly(PresenceState.ONLINE);
  }

  @Test
  void flappingThatEndsWhereItStartedTellsTheFollowerNothing() {
    Session alice = new Session(1);
    Session bob = new Session(2);
    bothOnlineAndBobFollowsAlice(alice, bob);
    hold.set(true);
    later();
    board.disconnected(alice);
    later();
    board.connected(alice, "alice");
    hold.set(false);
    Await.until("the held flush ran", () -> timer.getQueue().isEmpty() && timer.getActiveCount() == 0);
    assertThat(bob.pushed).as("bob was told alice is online when he followed; nothing changed since").isEmpty();
    // A later change still goes out.
    later();
    board.disconnected(alice);
    assertThat(bob.pushed.stream().map(PresenceHoldTest::state)).containsExactly(PresenceState.OFFLINE);
  }

  /** Returns the follow's answer. */
  private List<?> bothOnlineAndBobFollowsAlice(Session alice, Session bob) {
    board.connected(alice, "alice");
    board.connected(bob, "bob");
    return board.follow(bob, List.of(new PresenceBoard.Decision(alice.user(), "alice", true)), List.of(), board.policyEpoch());
  }

  private void later() {
    nowNs.addAndGet(10 * INTERVAL_NS);
  }

  private static PresenceState state(ServerFrame f) {
    return f.getPresenceNotice().getPresence().getState();
  }

  /** A session that records the ephemeral frames pushed to it; presence uses nothing else. */
  private static final class Session implements DeviceSession {
    final ConcurrentLinkedQueue<ServerFrame> pushed = new ConcurrentLinkedQueue<>();
    private final UserId user;

    Session(long user) {
      this.user = new UserId(user);
    }

    @Override
    public UserId user() {
      return user;
    }

    @Override
    public DeviceId device() {
      return new DeviceId(user.value());
    }

    @Override
    public void pushEphemeral(ServerFrame event) {
      pushed.add(event);
    }

    @Override
    public void attachGroup(Group group, long cursor) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void detachGroup(GroupId group) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void groupDeleted(GroupId group, ServerFrame notice) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void pushEvent(ServerFrame event) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void offerGroup(GroupId group, GroupEntry entry, ByteBuf encoded) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void offer(InboxEntry entry) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void replaced() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void prekeysLow(int oneTimePrekeys, int kemPrekeys) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void revoked() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void shutdown(long retryAfterMs) {
      throw new UnsupportedOperationException();
    }
  }
}
