package dev.parley.server.delivery;

import dev.parley.protocol.v1.ServerFrame;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One ordered log as a {@link DeliveryPump} reads it for one device. Non-blocking. */
public interface LogSource<E> {
  /** Up to {@code limit} entries after {@code afterSeq}, in seq order, leaving out expired ones. */
  CompletableFuture<List<E>> read(long afterSeq, int limit, long nowMs);

  /**
   * The device has everything up to {@code upToSeq}: delete it (inbox) or move its cursor (group).
   * {@code afterSeq} is what this connection's previous acknowledgement covered (0 for its first).
   */
  CompletableFuture<?> acknowledge(long afterSeq, long upToSeq);

  long seq(E entry);

  /**
   * The push of {@code entry}; {@code prevSeq} is the seq delivered before it on this connection (or
   * the position delivery started from), which lets the device see that it missed something.
   */
  ServerFrame frame(E entry, long prevSeq);
}
