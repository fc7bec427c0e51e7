package dev.parley.server.admission;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection's place among those that have not logged in yet. Released once, when the connection
 * logs in or closes. Confined to the connection's event loop.
 */
public final class Handshake {
  private final AtomicInteger pending;
  private final boolean overLimit;
  private boolean released;

  Handshake(AtomicInteger pending, boolean overLimit) {
    this.pending = pending;
    this.overLimit = overLimit;
  }

  /** True when the connection was opened over the bound: its Hello gets RETRY_LATER. */
  public boolean overLimit() {
    return overLimit;
  }

  public void release() {
    if (released) return;
    released = true;
    pending.decrementAndGet();
  }
}
