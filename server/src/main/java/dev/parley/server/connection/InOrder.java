package dev.parley.server.connection;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Releases the results of concurrent lookups in the order they were started: each step's
 * continuation runs only after every earlier step's did. A connection uses it so that requests whose
 * preparation reads the store (in any order) reach the commit stage in arrival order. Confined to
 * the connection's event loop.
 */
final class InOrder {
  private static final class Step {
    Runnable release;
  }

  private final ArrayDeque<Step> queue = new ArrayDeque<>();
  private final EventExecutor loop;

  InOrder(EventExecutor loop) {
    this.loop = loop;
  }

  <T> void add(CompletableFuture<T> prepared, Consumer<T> onReady, Consumer<Throwable> onFailure) {
    Step step = new Step();
    queue.add(step);
    prepared.whenCompleteAsync((value, err) -> {
      step.release = err != null ? () -> onFailure.accept(err) : () -> onReady.accept(value);
      while (!queue.isEmpty() && queue.peek().release != null) queue.poll().release.run();
    }, loop);
  }
}
