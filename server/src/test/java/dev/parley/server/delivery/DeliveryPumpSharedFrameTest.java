package dev.parley.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.v1.Pong;
import dev.parley.protocol.v1.ServerFrame;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The pump takes ownership of a shared, already-encoded frame: it writes the share when the entry
 * can go out at once and releases it otherwise, so a post fanned out to thousands of connections
 * never leaks a pooled buffer and never goes out of order.
 */
class DeliveryPumpSharedFrameTest {
  /** An in-memory log of seqs; each entry's frame is a Pong carrying its seq. */
  private static final class MemoryLog implements LogSource<Long> {
    final List<Long> entries = new ArrayList<>();
    /** Every persisted acknowledgement, as "after..upTo". */
    final List<String> persisted = new ArrayList<>();

    @Override
    public CompletableFuture<List<Long>> read(long afterSeq, int limit, long nowMs) {
      return CompletableFuture.completedFuture(
          entries.stream().filter(s -> s > afterSeq).limit(limit).toList());
    }

    @Override
    public CompletableFuture<?> acknowledge(long afterSeq, long upToSeq) {
      persisted.add(afterSeq + ".." + upToSeq);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public long seq(Long entry) {
      return entry;
    }

    @Override
    public ServerFrame frame(Long entry, long prevSeq) {
      return ServerFrame.newBuilder().setPong(Pong.newBuilder().setNonce(entry)).build();
    }
  }

  private final MemoryLog log = new MemoryLog();
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final Counter deliveries = new SimpleMeterRegistry().counter("deliveries");

  private DeliveryPump<Long> pump(int window) {
    return new DeliveryPump<>(channel, log, window, 64, Clock.systemUTC(), deliveries, channel::flush, e -> {});
  }

  private static EncodedFrame encoded(long seq) {
    return EncodedFrame.of(ServerFrame.newBuilder().setPong(Pong.newBuilder().setNonce(seq)).build(), ByteBufAllocator.DEFAULT);
  }

  @Test
  void aLiveEntryGoesOutAsTheSharedBufferAndTheOwnerReleasesItsReference() {
    DeliveryPump<Long> pump = pump(8);
    pump.start();
    channel.runPendingTasks();

    log.entries.add(1L);
    EncodedFrame frame = encoded(1);
    ByteBuf share = frame.share();
    pump.offer(1L, share);
    frame.release();

    ByteBuf written = channel.readOutbound();
    assertThat(written).isSameAs(share);
    assertThat(written.refCnt()).isEqualTo(1);
    written.release();
    assertThat(written.refCnt()).isZero();
    assertThat(deliveries.count()).isEqualTo(1.0);
  }

  @Test
  void aShareThatCannotGoOutAtOnceIsReleasedAndTheEntryIsReadBackFromTheLog() {
    DeliveryPump<Long> pump = pump(1);
    pump.start();
    channel.runPendingTasks();

    log.entries.add(1L);
    pump.offer(1L, null); // fills the window of one
    log.entries.add(2L);
    EncodedFrame frame = encoded(2);
    ByteBuf share = frame.share();
    pump.offer(2L, share);
    frame.release();
    assertThat(share.refCnt()).as("dropped share released").isZero();

    Object first = channel.readOutbound();
    assertThat(first).isInstanceOf(ServerFrame.class);
    assertThat(channel.<Object>readOutbound()).as("window full: nothing more yet").isNull();

    pump.onAck(1);
    channel.runPendingTasks();
    ServerFrame second = channel.readOutbound();
    assertThat(second.getPong().getNonce()).isEqualTo(2);
  }

  @Test
  void anEntryAlreadySentReleasesItsShare() {
    DeliveryPump<Long> pump = pump(8);
    log.entries.add(1L);
    pump.start();
    channel.runPendingTasks();
    assertThat(channel.<ServerFrame>readOutbound().getPong().getNonce()).isEqualTo(1);

    EncodedFrame frame = encoded(1);
    ByteBuf share = frame.share();
    pump.offer(1L, share);
    frame.release();
    assertThat(share.refCnt()).isZero();
    assertThat(channel.<Object>readOutbound()).isNull();
  }

  @Test
  void withAPersistIntervalAcksAreWrittenAtMostOncePerIntervalAndTheLastOneAtStop() {
    for (long s = 1; s <= 5; s++) log.entries.add(s);
    DeliveryPump<Long> pump = new DeliveryPump<>(channel, log, 8, 64, Clock.systemUTC(), deliveries, channel::flush,
        e -> {}, java.time.Duration.ofHours(1));
    pump.start();
    channel.runPendingTasks();
    for (long s = 1; s <= 5; s++) {
      pump.onAck(s);
      pump.persistAcks();
    }
    assertThat(log.persisted).as("the first burst's ack, then nothing within the hour").containsExactly("0..1");
    pump.stop();
    assertThat(log.persisted).as("stopping writes the latest").containsExactly("0..1", "1..5");
    releaseOutbound();
  }

  @Test
  void withoutAPersistIntervalEveryBurstsAckIsWritten() {
    for (long s = 1; s <= 3; s++) log.entries.add(s);
    DeliveryPump<Long> pump = pump(8);
    pump.start();
    channel.runPendingTasks();
    for (long s = 1; s <= 3; s++) {
      pump.onAck(s);
      pump.persistAcks();
    }
    assertThat(log.persisted).containsExactly("0..1", "1..2", "2..3");
    releaseOutbound();
  }

  private void releaseOutbound() {
    for (Object o; (o = channel.readOutbound()) != null; ) io.netty.util.ReferenceCountUtil.release(o);
  }
}
