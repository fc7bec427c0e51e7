package dev.parley.server.connection;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's flow control. The socket is read only while it is writable and fewer than
 * {@code maxInFlightSends} sends wait for the disk, so neither a flooding sender nor a peer that stops
 * reading can make the server buffer without bound; a socket that stays unwritable past the
 * write-stall timeout is reported to {@code onStall}, and one with more than {@code maxQueuedBytes}
 * queued for it to {@code onOverflow}. Flushes are coalesced: a burst of completions
 * costs one write syscall. Confined to the channel's event loop.
 */
final class Backpressure {
  private final Channel channel;
  private final int maxInFlightSends;
  private final Duration writeStall;
  private final Runnable onStall;
  private final long maxQueuedBytes;
  private final Runnable onOverflow;
  private int sendsInFlight;
  private ScheduledFuture<?> stallCheck;
  private boolean flushScheduled;
  /** Set once the connection is closing: reading and stalls are no longer this class's business. */
  private boolean stopped;

  Backpressure(
      Channel channel, int maxInFlightSends, Duration writeStall, Runnable onStall, long maxQueuedBytes,
      Runnable onOverflow) {
    this.channel = channel;
    this.maxInFlightSends = maxInFlightSends;
    this.writeStall = writeStall;
    this.onStall = onStall;
    this.maxQueuedBytes = maxQueuedBytes;
    this.onOverflow = onOverflow;
  }

  void sendStarted() {
    sendsInFlight++;
    updateAutoRead();
  }

  void sendFinished() {
    sendsInFlight--;
    updateAutoRead();
  }

  /** Call on every writability change; returns whether the channel is writable now. */
  boolean writabilityChanged() {
    boolean writable = channel.isWritable();
    if (stopped) return writable;
    if (writable) {
      cancelStallCheck();
    } else if (stallCheck == null) {
      stallCheck = channel.eventLoop().schedule(this::checkStall, writeStall.toMillis(), TimeUnit.MILLISECONDS);
    }
    updateAutoRead();
    return writable;
  }

  /** Flushes once, after the tasks already queued on the loop. */
  void flushSoon() {
    if (flushScheduled) return;
    flushScheduled = true;
    channel.eventLoop().execute(() -> {
      flushScheduled = false;
      channel.flush();
      // Pushes stop at the high-water mark, but answers do not; this is the hard bound behind it.
      var out = channel.unsafe().outboundBuffer();
      if (out != null && out.totalPendingWriteBytes() > maxQueuedBytes && channel.isActive()) onOverflow.run();
    });
  }

  /** The connection is closing: no more stall checks, and autoRead is left as the closer sets it. */
  void stop() {
    stopped = true;
    cancelStallCheck();
  }

  private void checkStall() {
    stallCheck = null;
    if (!channel.isWritable() && channel.isActive()) onStall.run();
  }

  private void cancelStallCheck() {
    if (stallCheck != null) stallCheck.cancel(false);
    stallCheck = null;
  }

  private void updateAutoRead() {
    if (stopped) return;
    boolean read = channel.isWritable() && sendsInFlight < maxInFlightSends;
    if (channel.config().isAutoRead() != read) channel.config().setAutoRead(read);
  }
}
