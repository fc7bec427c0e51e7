package dev.parley.server.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition owned by another thread, with a deadline (like Awaitility, without the dependency). */
public final class Await {
  private Await() {}

  public static void until(String what, BooleanSupplier condition) {
    until(what, condition, TestClient.WAIT);
  }

  public static void until(String what, BooleanSupplier condition, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) throw new AssertionError("timed out after " + deadline + " waiting for " + what);
      LockSupport.parkNanos(1_000_000);
    }
  }
}
