package dev.parley.storage.rocks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds the commit thread inside an op until released, so a test can fill the queue or line up a
 * round deterministically. Waits are bounded so a broken test fails instead of hanging.
 */
final class Gate implements AutoCloseable {
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  final CompletableFuture<Void> op;

  private Gate(CommitStage commits) throws InterruptedException {
    op =
        commits.submit(
            round -> {
              entered.countDown();
              try {
                if (!released.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("gate never released");
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return null;
            });
    if (!entered.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("commit thread never reached the gate");
  }

  /** Returns once the commit thread is parked in the gate op, with the queue empty behind it. */
  static Gate hold(CommitStage commits) throws InterruptedException {
    return new Gate(commits);
  }

  /** Lets the commit thread go on; closing the gate does the same, as a safety net. */
  void open() {
    released.countDown();
  }

  @Override
  public void close() {
    open();
  }
}
