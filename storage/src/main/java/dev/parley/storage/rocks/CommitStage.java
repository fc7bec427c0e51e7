package dev.parley.storage.rocks;

import dev.parley.storage.StorageFailureException;
import dev.parley.storage.StorageOverloadedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the database. Writes are queued as {@link CommitOp}s; a single thread takes one,
 * drains up to {@code maxBatchSize - 1} more, applies them all to one WriteBatch, writes it with one
 * {@code db.write} (synced per {@link SyncPolicy}), and only then completes their futures.
 *
 * <p>Concurrency contract: {@link #submit} is thread-safe and never blocks; when the bounded queue
 * is full the future fails at once with {@link StorageOverloadedException}. Futures complete on the
 * commit thread, outside any lock, so callers should hop to their own executor before doing real
 * work. After a failed write the stage stays unhealthy and refuses all writes with {@link
 * StorageFailureException}; the operator restarts the process. {@link #close()} stops accepting,
 * completes everything already queued, and returns once the thread has ended.
 */
final class CommitStage implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CommitStage.class);
  /** Queued by {@link #close()} behind every accepted op, so the thread wakes up to drain and stop. */
  private static final Pending<Void> STOP = new Pending<>(round -> null);
  /** How long to wait for the commit thread to take in the stop marker before checking it is alive. */
  private static final long STOP_OFFER_MILLIS = 100;

  private final Database db;
  private final WriteOptions writeOptions;
  /** For rounds of nothing but {@link CommitOp#needsSync() unsynced} ops. */
  private final WriteOptions unsyncedOptions = new WriteOptions().setSync(false);
  private final CommitCache cache;
  private final BlockingQueue<Pending<?>> queue;
  private final int maxBatchSize;
  private final Thread thread;
  private final MeterRegistry meters;
  private final Gauge depth;
  private final DistributionSummary batchSizes;
  private final DistributionSummary batchKeys;
  private final Timer writes;
  private final Counter refused;
  private final Counter unsyncedRounds;
  private volatile boolean accepting = true;
  private volatile boolean healthy = true;

  CommitStage(
      Database db, SyncPolicy sync, int queueCapacity, int maxBatchSize, int cachedSeqs, MeterRegistry meters) {
    this.db = db;
    this.writeOptions = new WriteOptions().setSync(sync == SyncPolicy.FSYNC);
    this.cache = new CommitCache(cachedSeqs);
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.maxBatchSize = maxBatchSize;
    this.meters = meters;
    this.depth =
        Gauge.builder("parley.commit.queue.depth", queue, BlockingQueue::size)
            .description("writes waiting for the commit thread")
            .strongReference(true)
            .register(meters);
    this.batchSizes =
        DistributionSummary.builder("parley.commit.batch.size").description("writes per commit round").register(meters);
    this.batchKeys =
        DistributionSummary.builder("parley.commit.batch.keys")
            .description("keys put or deleted per written commit round, counters included")
            .register(meters);
    this.writes =
        Timer.builder("parley.commit.write").description("db.write of one round, including the sync").register(meters);
    this.refused =
        Counter.builder("parley.commit.refused").description("writes refused: commit queue full").register(meters);
    this.unsyncedRounds =
        Counter.builder("parley.commit.unsynced.rounds")
            .description("rounds of acknowledgements only, written without a sync of their own")
            .register(meters);
    this.thread = Thread.ofPlatform().name("parley-commit").daemon(true).unstarted(this::run);
    thread.start();
  }

  /** Queues the op; the future completes once its round is durable, or fails. Never blocks. */
  <T> CompletableFuture<T> submit(CommitOp<T> op) {
    if (!accepting) return CompletableFuture.failedFuture(closed());
    if (!healthy) return CompletableFuture.failedFuture(unhealthy());
    Pending<T> pending = new Pending<>(op);
    if (!queue.offer(pending)) {
      refused.increment();
      return CompletableFuture.failedFuture(new StorageOverloadedException("commit queue full"));
    }
    // close() may have run between the check above and the offer, and the thread may already be
    // gone. If the op is still queued we take it back; if not, the thread took it and completes it.
    if (!accepting && queue.remove(pending)) pending.fail(closed());
    return pending.future;
  }

  boolean healthy() {
    return healthy;
  }

  private void run() {
    List<Pending<?>> batch = new ArrayList<>(maxBatchSize);
    boolean stopping = false;
    while (true) {
      if (stopping) {
        queue.drainTo(batch, maxBatchSize);
        if (batch.isEmpty()) return;
      } else {
        try {
          batch.add(queue.take());
        } catch (InterruptedException e) {
          // Only close() may stop this thread (writes could otherwise be stranded in the queue).
          log.warn("commit thread interrupted; ignored, it stops only on close()");
          continue;
        }
        queue.drainTo(batch, maxBatchSize - 1);
      }
      if (batch.remove(STOP)) stopping = true;
      if (!batch.isEmpty()) commitGuarded(batch);
      batch.clear();
    }
  }

  private void commitGuarded(List<Pending<?>> batch) {
    try {
      commit(batch);
    } catch (Throwable t) {
      // Not a disk error but a bug or an Error: we cannot know what reached the disk, so stop writing.
      healthy = false;
      cache.clear();
      log.error("commit round failed unexpectedly; refusing further writes", t);
      StorageFailureException failure = new StorageFailureException("commit round failed", t);
      batch.forEach(p -> p.fail(failure));
    }
  }

  private void commit(List<Pending<?>> batch) {
    if (!healthy) {
      batch.forEach(p -> p.fail(unhealthy()));
      return;
    }
    try (WriteBatch writeBatch = new WriteBatch()) {
      Round round = new Round(db, cache, writeBatch);
      for (Pending<?> p : batch) p.apply(round);
      round.finish();
      if (round.hasWrites()) {
        long startNs = System.nanoTime();
        boolean sync = batch.stream().anyMatch(Pending::needsSync);
        if (!sync) unsyncedRounds.increment();
        db.db().write(sync ? writeOptions : unsyncedOptions, writeBatch);
        writes.record(System.nanoTime() - startNs, TimeUnit.NANOSECONDS);
        batchKeys.record(writeBatch.count());
      }
      round.published();
    } catch (RocksDBException e) {
      healthy = false;
      // The round's counters never reached the cache, but earlier rounds' may be ahead of a disk in an
      // unknown state; forget everything so nothing stale is ever served.
      cache.clear();
      log.error("commit round of {} writes failed; refusing further writes", batch.size(), e);
      StorageFailureException failure = new StorageFailureException("write failed", e);
      batch.forEach(p -> p.fail(failure));
      return;
    }
    batchSizes.record(batch.size());
    // Only now, with the round durable, may anyone learn of it.
    batch.forEach(Pending::complete);
  }

  /** Stops accepting, completes every queued op, and waits for the commit thread to end. */
  @Override
  public void close() {
    accepting = false;
    boolean interrupted = false;
    // Uninterruptible on purpose: the DB must not be closed under a running commit round.
    while (thread.isAlive()) {
      try {
        if (queue.offer(STOP, STOP_OFFER_MILLIS, TimeUnit.MILLISECONDS)) break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    meters.remove(depth);
    writeOptions.close();
    unsyncedOptions.close();
  }

  private static StorageFailureException closed() {
    return new StorageFailureException("storage is closed", null);
  }

  private static StorageFailureException unhealthy() {
    return new StorageFailureException("storage is unhealthy after a failed write", null);
  }

  /** An op and its future; the result is held until the round is durable. */
  private static final class Pending<T> {
    private final CommitOp<T> op;
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private T result;
    private RuntimeException error;

    Pending(CommitOp<T> op) {
      this.op = op;
    }

    void apply(Round round) throws RocksDBException {
      round.beginOp();
      try {
        result = op.apply(round);
        round.endOp();
      } catch (InvalidWriteException e) {
        round.abortOp();
        error = e;
        log.debug("write op refused: {}", e.getMessage());
      } catch (RuntimeException e) {
        round.abortOp();
        error = e;
        log.warn("write op failed; the rest of its round goes on", e);
      }
    }

    boolean needsSync() {
      return op.needsSync();
    }

    void complete() {
      if (error != null) future.completeExceptionally(error);
      else future.complete(result);
    }

    void fail(Throwable t) {
      future.completeExceptionally(t);
    }
  }
}
