package dev.parley.protocol.sdk;

import java.time.Duration;

/**
 * Runs a client's delayed retries: reconnects, and requests and sends the server refused with
 * RETRY_LATER. The default runs them on the client's event loop after the delay; an application (or
 * a test) may supply its own to observe or drive the schedule. {@code task} may be run on any
 * thread: it moves itself onto the client's event loop.
 */
@FunctionalInterface
public interface RetryScheduler {
  void schedule(Duration delay, Runnable task);
}
