package dev.parley.protocol.sdk;

import com.google.protobuf.ByteString;
import io.netty.channel.EventLoop;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * View-once messages handed to the application and not yet viewed, with their timers. The timer
 * starts when the application marks one viewed; when it runs out the listener is told to forget the
 * message, and the SDK forgets it too. In memory and bounded (the oldest unviewed are dropped), so
 * timers do not survive a restart. Confined to the client's event loop.
 */
final class ViewOnceTimers {
  static final int CAPACITY = 1_000;

  private final EventLoop loop;
  private final Consumer<byte[]> expired;
  private final Map<ByteString, Long> unviewed = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ByteString, Long> eldest) {
      return size() > CAPACITY;
    }
  };

  ViewOnceTimers(EventLoop loop, Consumer<byte[]> expired) {
    this.loop = loop;
    this.expired = expired;
  }

  void handedOver(byte[] clientMsgId, long expireAfterReadSeconds) {
    unviewed.put(ByteString.copyFrom(clientMsgId), expireAfterReadSeconds);
  }

  /** Starts the message's timer; completes once the listener was told it expired. */
  CompletableFuture<Void> viewed(byte[] clientMsgId) {
    Long seconds = unviewed.remove(ByteString.copyFrom(clientMsgId));
    if (seconds == null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("no unviewed view-once message with that id"));
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    byte[] id = clientMsgId.clone();
    Runnable expire = () -> {
      try {
        expired.accept(id);
        done.complete(null);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    };
    if (seconds == 0) expire.run();
    else loop.schedule(expire, seconds, TimeUnit.SECONDS);
    return done;
  }
}
