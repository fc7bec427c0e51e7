package dev.parley.protocol.sdk;

import com.google.protobuf.ByteString;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * View-once messages handed to the application and not yet viewed, with their timers. The timer
 * starts when the application marks one viewed; when it runs out (by the SDK's clock) the listener
 * is told to forget the message, and the SDK forgets it too. What it knows is in the keyring's
 * {@link ViewOnceState}: handing over marks the keyring changed (saved before the message is
 * acknowledged), marking viewed saves it at once (a viewed message must not come back unviewed after a
 * crash), and {@link #rearm} starts the timers of an earlier run again when the client starts; those
 * that ran out meanwhile expire at once. A timer that expired but whose removal was not saved before a
 * crash expires again after the restart. Confined to the client's event loop.
 */
final class ViewOnceTimers {
  private static final Logger log = LoggerFactory.getLogger(ViewOnceTimers.class);

  private final EventLoop loop;
  private final Clock clock;
  private final ViewOnceState state;
  private final Runnable changed;
  private final Runnable save;
  private final Consumer<byte[]> expired;
  private final Map<ByteString, ScheduledFuture<?>> scheduled = new HashMap<>();
  private final Map<ByteString, CompletableFuture<Void>> waiting = new HashMap<>();

  /**
   * @param changed marks the keyring to be saved with the next save; {@code save} saves it now
   */
  ViewOnceTimers(EventLoop loop, Clock clock, ViewOnceState state, Runnable changed, Runnable save, Consumer<byte[]> expired) {
    this.loop = loop;
    this.clock = clock;
    this.state = state;
    this.changed = changed;
    this.save = save;
    this.expired = expired;
  }

  void handedOver(byte[] clientMsgId, long expireAfterReadSeconds) {
    state.handedOver(ByteString.copyFrom(clientMsgId), expireAfterReadSeconds);
    changed.run();
  }

  /** Starts the message's timer; completes once the listener was told it expired. */
  CompletableFuture<Void> viewed(byte[] clientMsgId) {
    ByteString id = ByteString.copyFrom(clientMsgId);
    OptionalLong seconds = state.takeUnviewed(id);
    if (seconds.isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("no unviewed view-once message with that id"));
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    waiting.put(id, done);
    long expiresAtMs = expiresAt(clock.millis(), seconds.getAsLong());
    state.start(id, expiresAtMs);
    arm(id, expiresAtMs);
    state.overBound().ifPresent(this::expire);
    save.run();
    return done;
  }

  /** Starts the timers an earlier run saved; those that ran out meanwhile expire now. */
  void rearm() {
    state.running().forEach(this::arm);
    for (var first = state.overBound(); first.isPresent(); first = state.overBound()) expire(first.get());
  }

  /** The client closes: its timers stop here (they are saved, and go on after the next start). */
  void stop() {
    scheduled.values().forEach(f -> f.cancel(false));
    scheduled.clear();
    IllegalStateException closed = new IllegalStateException("client closed; the timer goes on after the next start");
    waiting.values().forEach(f -> f.completeExceptionally(closed));
    waiting.clear();
  }

  private void arm(ByteString id, long expiresAtMs) {
    long delayMs = expiresAtMs - clock.millis();
    if (delayMs <= 0) expire(id);
    else scheduled.put(id, loop.schedule(() -> expire(id), delayMs, TimeUnit.MILLISECONDS));
  }

  private void expire(ByteString id) {
    ScheduledFuture<?> timer = scheduled.remove(id);
    if (timer != null) timer.cancel(false);
    if (!state.finish(id)) return;
    changed.run();
    CompletableFuture<Void> done = waiting.remove(id);
    try {
      expired.accept(id.toByteArray());
      if (done != null) done.complete(null);
    } catch (RuntimeException e) {
      if (done != null) done.completeExceptionally(e);
      else log.warn("view-once expiry listener failed", e);
    }
  }

  /** {@code seconds} is a sender's uint64: a time past what a long holds never comes. */
  private static long expiresAt(long nowMs, long seconds) {
    if (seconds < 0 || seconds > (Long.MAX_VALUE - nowMs) / 1000) return Long.MAX_VALUE;
    return nowMs + seconds * 1000;
  }
}
