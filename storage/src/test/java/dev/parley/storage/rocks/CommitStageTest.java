package dev.parley.storage.rocks;

import static dev.parley.storage.rocks.TestData.T0;
import static dev.parley.storage.rocks.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.storage.StorageFailureException;
import dev.parley.storage.StorageOverloadedException;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.inbox.InboxEntry;
import dev.parley.storage.inbox.StoredMessage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

@Timeout(30)
class CommitStageTest {
  private static final DeviceId PHONE = new DeviceId(20);
  private static final DeviceId LAPTOP = new DeviceId(21);

  @TempDir Path dir;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private RocksStorage open(int queueCapacity, int maxBatchSize) {
    RocksConfig config =
        new RocksConfig(dir, SyncPolicy.FSYNC, queueCapacity, maxBatchSize, Duration.ofHours(24), Duration.ofHours(1));
    return RocksStorage.open(config, new TestClock(T0), meters);
  }

  @Test
  void fullQueueRefusesAtOnceInsteadOfBlocking() throws Exception {
    try (RocksStorage storage = open(1, 16)) {
      CompletableFuture<StoredMessage> queued;
      CompletableFuture<StoredMessage> refused;
      try (Gate gate = Gate.hold(storage.commits())) {
        queued = storage.inboxes().append(message(1, PHONE));
        refused = storage.inboxes().append(message(2, PHONE));

        assertThat(refused).isCompletedExceptionally();
        assertThat(queued).isNotDone();
        gate.open();
      }

      assertThatThrownBy(refused::join).hasCauseInstanceOf(StorageOverloadedException.class);
      assertThat(queued.join().appended()).extracting(InboxEntry::seq).containsExactly(1L);
      assertThat(meters.get("parley.commit.refused").counter().count()).isEqualTo(1);
    }
  }

  @Test
  void writesQueuedBehindARoundAreCommittedTogether() throws Exception {
    try (RocksStorage storage = open(1_024, 1_024)) {
      List<CompletableFuture<StoredMessage>> appends = new ArrayList<>();
      try (Gate gate = Gate.hold(storage.commits())) {
        for (int i = 0; i < 100; i++) appends.add(storage.inboxes().append(message(i, PHONE)));
        assertThat(meters.get("parley.commit.queue.depth").gauge().value()).isEqualTo(100);
        gate.open();
      }
      CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();

      DistributionSummary batches = meters.get("parley.commit.batch.size").summary();
      assertThat(batches.count()).isEqualTo(2); // the gate's round, then one round for all 100
      assertThat(batches.max()).isEqualTo(100);
      assertThat(meters.get("parley.commit.write").timer().count()).isEqualTo(1); // the gate wrote nothing
    }
  }

  @Test
  void roundsAreCappedAtMaxBatchSize() throws Exception {
    try (RocksStorage storage = open(1_024, 10)) {
      List<CompletableFuture<StoredMessage>> appends = new ArrayList<>();
      try (Gate gate = Gate.hold(storage.commits())) {
        for (int i = 0; i < 25; i++) appends.add(storage.inboxes().append(message(i, PHONE)));
        gate.open();
      }
      CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();

      DistributionSummary batches = meters.get("parley.commit.batch.size").summary();
      assertThat(batches.count()).isEqualTo(4); // gate, 10, 10, 5
      assertThat(batches.max()).isEqualTo(10);
    }
  }

  @Test
  void concurrentAppendsAllCompleteWithUniqueContiguousSeqsPerDevice() throws Exception {
    int threads = 4;
    int perThread = 500;
    try (RocksStorage storage = open(65_536, 1_024);
        ExecutorService senders = Executors.newFixedThreadPool(threads)) {
      List<Future<List<StoredMessage>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            senders.submit(
                () -> {
                  List<CompletableFuture<StoredMessage>> mine = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    mine.add(storage.inboxes().append(message(thread * 1_000_000L + i, PHONE, LAPTOP)));
                  }
                  return mine.stream().map(CompletableFuture::join).toList();
                }));
      }
      List<StoredMessage> stored = new ArrayList<>();
      for (Future<List<StoredMessage>> r : results) stored.addAll(r.get());

      int total = threads * perThread;
      long[] expectedSeqs = LongStream.rangeClosed(1, total).toArray();
      for (DeviceId device : List.of(PHONE, LAPTOP)) {
        assertThat(stored.stream().flatMap(m -> m.appended().stream()).filter(e -> e.device().equals(device)))
            .extracting(InboxEntry::seq)
            .containsExactlyInAnyOrder(LongStream.rangeClosed(1, total).boxed().toArray(Long[]::new));
        assertThat(storage.inboxes().read(device, 0, total + 1, T0).join())
            .extracting(InboxEntry::seq)
            .containsExactly(LongStream.of(expectedSeqs).boxed().toArray(Long[]::new));
      }
      assertThat(stored).extracting(StoredMessage::serverMsgId).doesNotHaveDuplicates();
      DistributionSummary batches = meters.get("parley.commit.batch.size").summary();
      assertThat(batches.count()).isLessThan(total);
      assertThat(batches.max()).isGreaterThan(1);
    }
  }

  @Test
  void closeCompletesEverythingAlreadyQueued() {
    int count = 2_000;
    List<CompletableFuture<StoredMessage>> appends = new ArrayList<>();
    try (RocksStorage storage = open(65_536, 64)) {
      for (int i = 0; i < count; i++) appends.add(storage.inboxes().append(message(i, PHONE)));
    }

    // close() returned only after every queued write was durable and its future completed.
    assertThat(appends).allSatisfy(f -> assertThat(f).isCompleted());
    try (RocksStorage storage = open(65_536, 64)) {
      assertThat(storage.inboxes().read(PHONE, 0, count + 1, T0).join()).hasSize(count);
    }
  }

  @Test
  void everythingFailsWithStorageFailureAfterClose() {
    RocksStorage storage = open(1_024, 64);
    storage.close();
    storage.close(); // idempotent

    assertThat(storage.healthy()).isFalse();
    assertThatThrownBy(() -> storage.inboxes().append(message(1, PHONE)).join())
        .hasCauseInstanceOf(StorageFailureException.class);
    assertThatThrownBy(() -> storage.inboxes().read(PHONE, 0, 10, T0).join())
        .hasCauseInstanceOf(StorageFailureException.class);
    assertThatThrownBy(() -> storage.accounts().register(TestData.newAccount("zed")).join())
        .hasCauseInstanceOf(StorageFailureException.class);
  }

  @Test
  void openingADirectoryAlreadyInUseFailsCleanly() {
    try (RocksStorage storage = open(1_024, 64)) {
      assertThatThrownBy(() -> open(1_024, 64)).isInstanceOf(StorageFailureException.class);
      assertThat(storage.inboxes().append(message(1, PHONE)).join().duplicate()).isFalse();
    }
  }

  @Test
  void aFailedRoundMakesTheStoreUnhealthyAndRefuseWrites() throws Exception {
    try (RocksStorage storage = open(1_024, 64)) {
      CompletableFuture<StoredMessage> sameRound;
      CompletableFuture<Object> failing;
      try (Gate gate = Gate.hold(storage.commits())) {
        sameRound = storage.inboxes().append(message(1, PHONE));
        failing =
            storage.commits()
                .submit(
                    round -> {
                      throw new RocksDBException("disk on fire");
                    });
        gate.open();
      }

      assertThatThrownBy(failing::join).hasCauseInstanceOf(StorageFailureException.class);
      assertThatThrownBy(sameRound::join).hasCauseInstanceOf(StorageFailureException.class);
      assertThat(storage.healthy()).isFalse();
      assertThatThrownBy(() -> storage.inboxes().append(message(2, PHONE)).join())
          .hasCauseInstanceOf(StorageFailureException.class);
      assertThat(storage.inboxes().read(PHONE, 0, 10, T0).join()).isEmpty();
    }
  }

  @Test
  void aFailingOpFailsAloneAndLeavesNoTrace() throws Exception {
    try (RocksStorage storage = open(1_024, 64)) {
      CompletableFuture<StoredMessage> before;
      CompletableFuture<Object> failing;
      CompletableFuture<StoredMessage> after;
      try (Gate gate = Gate.hold(storage.commits())) {
        before = storage.inboxes().append(message(1, PHONE));
        failing =
            storage.commits()
                .submit(
                    round -> {
                      new AppendOp(message(2, PHONE), 1_000).apply(round); // takes seq 2, then fails
                      throw new IllegalStateException("bug");
                    });
        after = storage.inboxes().append(message(3, PHONE));
        gate.open();
      }

      assertThatThrownBy(failing::join).hasCauseInstanceOf(IllegalStateException.class);
      assertThat(before.join().appended()).extracting(InboxEntry::seq).containsExactly(1L);
      assertThat(after.join().appended()).extracting(InboxEntry::seq).containsExactly(2L);
      assertThat(storage.inboxes().read(PHONE, 0, 10, T0).join())
          .extracting(e -> TestData.text(e.envelope().body()))
          .containsExactly("msg 1", "msg 3");
      assertThat(storage.healthy()).isTrue();
    }
  }
}
