package dev.parley.server.delivery;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one log (a device's inbox, or a group's log as one member device reads it) onto the
 * device's connection, in seq order, with at most {@code window}
 * unacknowledged deliveries and only while the socket is writable; the inbox on disk holds the rest.
 *
 * <p>Live messages take a fast path (the entry the commit stage just stored is written directly);
 * a device that is behind (after login, after back-pressure, after its window filled) catches up by
 * reading pages from the store, never the whole backlog at once. Acknowledgements are persisted once
 * per read burst. Confined to the channel's event loop.
 */
public final class DeliveryPump<E> {
  private static final Logger log = LoggerFactory.getLogger(DeliveryPump.class);

  private final Channel channel;
  private final LogSource<E> source;
  private final int window;
  private final int pageSize;
  private final Clock clock;
  private final Counter deliveries;
  private final Runnable flush;
  private final Consumer<Throwable> onReadFailure;
  private final long persistIntervalNs;

  private long sentUpTo;
  private long ackedUpTo;
  /** Seqs written and not yet acknowledged, oldest first: the window counts entries, not seq distance. */
  private final ArrayDeque<Long> unacked = new ArrayDeque<>();
  private long ackStored;
  private long lastPersistNs;
  private boolean persistScheduled;
  private boolean reading;
  private boolean backlog = true;
  private boolean stopped;

  public DeliveryPump(
      Channel channel, LogSource<E> source, int window, int pageSize, Clock clock, Counter deliveries,
      Runnable flush, Consumer<Throwable> onReadFailure) {
    this(channel, source, window, pageSize, clock, deliveries, flush, onReadFailure, Duration.ZERO);
  }

  /**
   * {@code persistInterval}: acknowledgements are persisted at most this often (the last one always,
   * by a timer and at {@link #stop}); zero persists every read burst.
   */
  public DeliveryPump(
      Channel channel, LogSource<E> source, int window, int pageSize, Clock clock, Counter deliveries,
      Runnable flush, Consumer<Throwable> onReadFailure, Duration persistInterval) {
    this.persistIntervalNs = persistInterval.toNanos();
    this.lastPersistNs = System.nanoTime() - persistIntervalNs;
    this.channel = channel;
    this.source = source;
    this.window = window;
    this.pageSize = pageSize;
    this.clock = clock;
    this.deliveries = deliveries;
    this.flush = flush;
    this.onReadFailure = onReadFailure;
  }

  /** Starts delivering whatever the log holds. */
  public void start() {
    pump();
  }

  /** Starts delivering after {@code seq}, which the device already has (its cursor). */
  public void startAfter(long seq) {
    sentUpTo = Math.max(sentUpTo, seq);
    ackedUpTo = Math.max(ackedUpTo, seq);
    ackStored = Math.max(ackStored, seq);
    pump();
  }

  /**
   * A newly stored entry of this log, with its already-encoded frame when the caller shares one
   * among many connections (else null). The pump owns {@code encoded}: it writes or releases it. A
   * shared frame must carry {@code prev_seq = seq - 1}: it is written only on the fast path, where
   * that is the seq sent before it.
   */
  public void offer(E entry, ByteBuf encoded) {
    long seq = source.seq(entry);
    if (stopped || seq <= sentUpTo) {
      release(encoded);
      return;
    }
    if (!backlog && !reading && seq == sentUpTo + 1 && room() > 0 && channel.isWritable()) {
      write(seq, encoded != null ? encoded : source.frame(entry, sentUpTo));
      flush.run();
    } else {
      // The live copy is dropped; the entry is read back from the log in order.
      release(encoded);
      backlog = true;
      pump();
    }
  }

  private static void release(ByteBuf encoded) {
    if (encoded != null) encoded.release();
  }

  /** The device acknowledged everything up to {@code upToSeq}; acks beyond what was sent are capped. */
  public void onAck(long upToSeq) {
    long capped = Math.min(upToSeq, sentUpTo);
    if (capped > ackedUpTo) {
      ackedUpTo = capped;
      while (!unacked.isEmpty() && unacked.peekFirst() <= capped) unacked.pollFirst();
      pump();
    }
  }

  /**
   * End of a read burst: delete (or move the cursor past) what was acknowledged, in one store
   * operation, or, within the persist interval of the last one, once the interval is over.
   */
  public void persistAcks() {
    if (ackedUpTo <= ackStored) return;
    // Monotonic time, not the server's clock: this paces disk writes, it is not a domain time.
    long waitNs = persistIntervalNs == 0 || stopped ? 0 : lastPersistNs + persistIntervalNs - System.nanoTime();
    if (waitNs > 0) {
      if (!persistScheduled) {
        persistScheduled = true;
        channel.eventLoop().schedule(() -> {
          persistScheduled = false;
          persistAcks();
        }, waitNs, TimeUnit.NANOSECONDS);
      }
      return;
    }
    if (persistIntervalNs > 0) lastPersistNs = System.nanoTime();
    long after = ackStored;
    ackStored = ackedUpTo;
    long upTo = ackedUpTo;
    source.acknowledge(after, upTo)
        .whenComplete(
            (ok, err) -> {
              // A lost acknowledgement only means a redelivery, which the client deduplicates.
              if (err != null) log.debug("ack not persisted {} upTo={}: {}", source, upTo, err.toString());
            });
  }

  /** The socket drained below its low-water mark. */
  public void onWritable() {
    pump();
  }

  /** No more deliveries; what was acknowledged and not yet persisted is persisted now. */
  public void stop() {
    stopped = true;
    persistAcks();
  }

  private long room() {
    return window - unacked.size();
  }

  private void pump() {
    if (stopped || reading || !backlog || room() <= 0 || !channel.isWritable()) return;
    int limit = (int) Math.min(pageSize, room());
    reading = true;
    backlog = false;
    source.read(sentUpTo, limit, clock.millis())
        .whenCompleteAsync((page, err) -> onPage(page, err, limit), channel.eventLoop());
  }

  private void onPage(List<E> page, Throwable err, int limit) {
    reading = false;
    if (stopped) return;
    if (err != null) {
      backlog = true;
      onReadFailure.accept(err);
      return;
    }
    for (E e : page) {
      if (!channel.isWritable()) {
        // The rest of the page stays in the log: it is read again once the socket drains, so a
        // page of large entries never queues much past the high-water mark.
        backlog = true;
        break;
      }
      long seq = source.seq(e);
      if (seq > sentUpTo) write(seq, source.frame(e, sentUpTo));
    }
    if (page.size() >= limit) backlog = true;
    flush.run();
    pump();
  }

  /** {@code frame} is a ServerFrame, or a ByteBuf holding one already encoded. */
  private void write(long seq, Object frame) {
    channel.write(frame, channel.voidPromise());
    sentUpTo = seq;
    unacked.addLast(seq);
    deliveries.increment();
  }
}
