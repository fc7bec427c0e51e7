package dev.parley.server.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.config.AdmissionConfig.Shedding;
import dev.parley.server.testkit.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lag monitor on real event loops: a loop stalled by a task that waits on a latch is seen as
 * lagging while it is stalled (its probe is overdue), the load signal sheds new sessions then, and
 * once the loop is free again the smoothed lag decays and shedding stops. No timing is asserted:
 * every step waits for the state it needs, with a deadline.
 */
@Timeout(30)
class EventLoopLagTest {
  private static final Shedding MARKS = new Shedding(1, Duration.ofMillis(20), Duration.ofMillis(50));

  private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(2);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final EventLoopLag lag = new EventLoopLag(Duration.ofMillis(10), System::nanoTime, meters);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    lag.stop();
    loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void aStalledLoopIsSeenWhileStalledAndShedsUntilItRecovers() throws Exception {
    ServerLoad load = new ServerLoad(MARKS, () -> 0, lag::lagNanos, meters);
    lag.start(loops);
    assertThat(meters.find("parley.eventloop.lag").timeGauges()).hasSize(2);

    EventExecutor stalled = loops.next();
    stalled.execute(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Await.until("the stalled loop's lag passes the new-sessions mark",
        () -> load.pressure() == Pressure.SHED_NEW_SESSIONS, Duration.ofSeconds(10));
    assertThat(lagMs("parley.eventloop.lag.max")).isGreaterThanOrEqualTo(50);
    assertThat(meters.get("parley.admission.pressure").gauge().value()).isEqualTo(2);

    release.countDown();
    Await.until("the loop caught up and its smoothed lag decayed",
        () -> load.pressure() == Pressure.NORMAL, Duration.ofSeconds(10));
  }

  @Test
  void theCommitQueueAloneShedsNewSessionsAndTheMarksChangeLive() {
    AtomicLong lagNanos = new AtomicLong();
    double[] fill = {0};
    ServerLoad load = new ServerLoad(MARKS, () -> fill[0], lagNanos::get, meters);
    assertThat(load.pressure()).isEqualTo(Pressure.NORMAL);
    lagNanos.set(Duration.ofMillis(20).toNanos());
    assertThat(load.pressure()).isEqualTo(Pressure.SHED_EPHEMERAL);
    lagNanos.set(Duration.ofMillis(50).toNanos());
    assertThat(load.pressure()).isEqualTo(Pressure.SHED_NEW_SESSIONS);

    lagNanos.set(0);
    fill[0] = 1;
    assertThat(load.pressure()).as("a full commit queue").isEqualTo(Pressure.SHED_NEW_SESSIONS);
    fill[0] = 0;

    load.marks(new Shedding(1, Duration.ZERO, Duration.ofMillis(50)));
    assertThat(load.marks().ephemeralAtLoopLag()).isZero();
    assertThat(load.pressure()).as("a mark of 0 is always reached").isEqualTo(Pressure.SHED_EPHEMERAL);
  }

  @Test
  void ephemeralTrafficIsAlwaysShedFirst() {
    assertThatThrownBy(() -> new Shedding(0.5, Duration.ofMillis(60), Duration.ofMillis(50)))
        .hasMessageContaining("shed-new-sessions-at-loop-lag");
    assertThatThrownBy(() -> new Shedding(1.5, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("shed-at-commit-queue-fraction");
  }

  private double lagMs(String gauge) {
    return meters.get(gauge).timeGauge().value(TimeUnit.MILLISECONDS);
  }
}
