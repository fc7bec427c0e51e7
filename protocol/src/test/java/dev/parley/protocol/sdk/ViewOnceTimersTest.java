package dev.parley.protocol.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.parley.crypto.identity.IdentityKeyPair;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * View-once messages and their timers are part of the saved end-to-end state: an unviewed message can
 * be viewed after a restart, and a timer started before one runs out after it, by the SDK's clock
 * (at once if its time passed meanwhile). Runs the real keyring and timers on an embedded event loop
 * whose scheduled tasks never run by themselves, with a clock the test moves.
 */
@Timeout(30)
class ViewOnceTimersTest {
  static final SecureRandom RANDOM = new SecureRandom();

  final CryptoStore store = CryptoStore.inMemory();
  final IdentityKeyPair me = IdentityKeyPair.generate(RANDOM);
  final MovableClock clock = new MovableClock();
  final EmbeddedChannel channel = new EmbeddedChannel();

  /** A client's view-once side over {@link #store}, as a new run of the app would build it. */
  final class Run {
    final Keyring keyring = Keyring.load(store, me, RANDOM);
    final List<ByteString> expired = new ArrayList<>();
    final ViewOnceTimers timers = new ViewOnceTimers((EventLoop) channel.eventLoop(), clock, keyring.viewOnce(),
        keyring::changed, keyring::save, id -> expired.add(ByteString.copyFrom(id)));
  }

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  static byte[] id(int n) {
    byte[] b = new byte[16];
    b[0] = (byte) (n >> 8);
    b[1] = (byte) n;
    return b;
  }

  @Test
  void aTimerStartedBeforeARestartRunsOutAfterItOnTheClock() {
    Run run = new Run();
    run.timers.handedOver(id(1), 60);
    CompletableFuture<Void> viewed = run.timers.viewed(id(1));
    assertThat(viewed).isNotDone();
    // The app dies: no close, no further save. Marking viewed saved by itself.

    clock.advance(Duration.ofSeconds(30));
    Run early = new Run();
    early.timers.rearm();
    assertThat(early.expired).as("30 of its 60 seconds are left").isEmpty();
    assertThat(early.keyring.viewOnce().running()).containsEntry(ByteString.copyFrom(id(1)),
        clock.millis() + Duration.ofSeconds(30).toMillis());
    early.timers.stop();

    clock.advance(Duration.ofSeconds(31));
    Run late = new Run();
    late.timers.rearm();
    assertThat(late.expired).containsExactly(ByteString.copyFrom(id(1)));
    late.keyring.saveIfChanged();
    Run after = new Run();
    after.timers.rearm();
    assertThat(after.expired).as("expired once, and forgotten").isEmpty();
  }

  @Test
  void anUnviewedMessageCanBeViewedAfterARestart() {
    Run run = new Run();
    run.timers.handedOver(id(1), 0);
    run.keyring.saveIfChanged(); // the end of the read burst, before the message is acknowledged

    Run next = new Run();
    next.timers.rearm();
    CompletableFuture<Void> viewed = next.timers.viewed(id(1));
    assertThat(viewed).isCompleted();
    assertThat(next.expired).containsExactly(ByteString.copyFrom(id(1)));
    assertThat(next.timers.viewed(id(1))).as("viewed once only").isCompletedExceptionally();
    assertThat(new Run().timers.viewed(id(1))).as("not even after a restart").isCompletedExceptionally();
  }

  @Test
  void closingFailsWaitingCallersAndLeavesTheTimerToTheNextRun() {
    Run run = new Run();
    run.timers.handedOver(id(1), 60);
    CompletableFuture<Void> viewed = run.timers.viewed(id(1));
    run.timers.stop();
    assertThat(viewed).isCompletedExceptionally();
    assertThat(run.expired).isEmpty();
    assertThat(new Run().keyring.viewOnce().running()).containsKey(ByteString.copyFrom(id(1)));
  }

  @Test
  void atMostAThousandUnviewedAreKeptTheOldestDroppedFirst() {
    Run run = new Run();
    for (int n = 0; n <= ViewOnceState.MAX_UNVIEWED; n++) run.timers.handedOver(id(n), 0);
    run.keyring.saveIfChanged();
    Run next = new Run();
    assertThat(next.keyring.viewOnce().unviewed()).isEqualTo(ViewOnceState.MAX_UNVIEWED);
    assertThat(next.timers.viewed(id(0))).isCompletedExceptionally();
    assertThat(next.timers.viewed(id(ViewOnceState.MAX_UNVIEWED))).isCompleted();
  }

  @Test
  void beyondAThousandRunningTimersTheOneDueFirstRunsOutAtOnce() {
    Run run = new Run();
    for (int n = 0; n < ViewOnceState.MAX_RUNNING; n++) {
      run.timers.handedOver(id(n), 3_600 - n); // later ones run out sooner
      run.timers.viewed(id(n));
    }
    assertThat(run.expired).isEmpty();
    run.timers.handedOver(id(ViewOnceState.MAX_RUNNING), 3_600);
    run.timers.viewed(id(ViewOnceState.MAX_RUNNING));
    assertThat(run.expired).as("early rather than never")
        .containsExactly(ByteString.copyFrom(id(ViewOnceState.MAX_RUNNING - 1)));
    assertThat(new Run().keyring.viewOnce().running()).hasSize(ViewOnceState.MAX_RUNNING);
  }

  /** A clock the test moves by hand. */
  static final class MovableClock extends Clock {
    private long millis = 1_700_000_000_000L;

    void advance(Duration d) {
      millis += d.toMillis();
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
