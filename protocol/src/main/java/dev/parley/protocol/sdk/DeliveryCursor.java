package dev.parley.protocol.sdk;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The highest inbox seq this device has handed to the application. The SDK drops any delivery at or
 * below it, which makes the server's at-least-once delivery exactly-once for the application. An
 * application that keeps messages across restarts should persist the cursor with them.
 *
 * <p>Called on the client's I/O thread.
 */
public interface DeliveryCursor {
  long load();

  /** Records that every seq up to {@code seq} has been handed to the application. */
  void store(long seq);

  /** A cursor that lives as long as the client object. */
  static DeliveryCursor inMemory() {
    AtomicLong value = new AtomicLong();
    return new DeliveryCursor() {
      @Override
      public long load() {
        return value.get();
      }

      @Override
      public void store(long seq) {
        value.accumulateAndGet(seq, Math::max);
      }
    };
  }
}
