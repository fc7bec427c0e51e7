package dev.parley.storage.rocks;

import static dev.parley.storage.rocks.TestData.T0;
import static dev.parley.storage.rocks.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.inbox.DeviceCopy;
import dev.parley.storage.inbox.InboxEntry;
import dev.parley.storage.inbox.InboxStore;
import dev.parley.storage.inbox.OutgoingMessage;
import dev.parley.storage.inbox.StoredMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RocksInboxStoreTest {
  private static final DeviceId BOB_PHONE = new DeviceId(10);
  private static final DeviceId BOB_LAPTOP = new DeviceId(11);

  @TempDir Path dir;
  private final TestClock clock = new TestClock(T0);

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private RocksStorage open() {
    RocksConfig config = new RocksConfig(dir, SyncPolicy.FSYNC, 4_096, 256, Duration.ofHours(24), Duration.ofHours(1));
    return RocksStorage.open(config, clock, meters);
  }

  /** Everything stored for the device, expired or not. */
  private static List<InboxEntry> all(InboxStore inbox, DeviceId device) {
    return inbox.read(device, 0, 100_000, 0).join();
  }

  @Test
  void appendToTwoDevicesIsReadFromBothInSeqOrder() {
    try (RocksStorage storage = open()) {
      InboxStore inbox = storage.inboxes();
      StoredMessage first = inbox.append(message(1, BOB_PHONE, BOB_LAPTOP)).join();
      inbox.append(message(2, BOB_PHONE)).join();
      StoredMessage third = inbox.append(message(3, BOB_PHONE, BOB_LAPTOP)).join();

      assertThat(first.duplicate()).isFalse();
      assertThat(first.serverTimeMs()).isEqualTo(T0);
      assertThat(first.appended()).extracting(InboxEntry::device, InboxEntry::seq)
          .containsExactly(tuple(BOB_PHONE, 1L), tuple(BOB_LAPTOP, 1L));
      assertThat(inbox.read(BOB_PHONE, 0, 10, T0).join()).extracting(InboxEntry::seq).containsExactly(1L, 2L, 3L);
      assertThat(inbox.read(BOB_PHONE, 0, 10, T0).join())
          .extracting(e -> TestData.text(e.envelope().body()))
          .containsExactly("msg 1", "msg 2", "msg 3");
      assertThat(inbox.read(BOB_LAPTOP, 0, 10, T0).join())
          .extracting(e -> e.envelope().serverMsgId())
          .containsExactly(first.serverMsgId(), third.serverMsgId());
      assertThat(inbox.read(BOB_PHONE, 1, 1, T0).join()).extracting(InboxEntry::seq).containsExactly(2L);
      assertThat(inbox.lastSeq(BOB_PHONE).join()).isEqualTo(3);
      assertThat(inbox.lastSeq(new DeviceId(999)).join()).isZero();
    }
  }

  @Test
  void eachDeviceReadsItsOwnCopyAndWhomTheMessageWasSentTo() {
    try (RocksStorage storage = open()) {
      InboxStore inbox = storage.inboxes();
      OutgoingMessage message =
          new OutgoingMessage(
              TestData.SENDER,
              TestData.SENDER_DEVICE,
              "alice",
              TestData.RECIPIENT,
              TestData.clientMsgId(1),
              List.of(
                  new DeviceCopy(BOB_PHONE, bytes("for the phone")),
                  new DeviceCopy(BOB_LAPTOP, bytes("for the laptop"))),
              T0,
              0);

      StoredMessage stored = inbox.append(message).join();

      assertThat(stored.appended())
          .extracting(InboxEntry::device, e -> TestData.text(e.envelope().body()), e -> e.envelope().serverMsgId())
          .containsExactly(
              tuple(BOB_PHONE, "for the phone", stored.serverMsgId()),
              tuple(BOB_LAPTOP, "for the laptop", stored.serverMsgId()));
      for (DeviceId device : List.of(BOB_PHONE, BOB_LAPTOP)) {
        InboxEntry read = inbox.read(device, 0, 10, T0).join().getFirst();
        InboxEntry appended =
            stored.appended().stream().filter(e -> e.device().equals(device)).findFirst().orElseThrow();
        assertThat(read).usingRecursiveComparison().isEqualTo(appended);
        assertThat(read.envelope().recipient()).isEqualTo(TestData.RECIPIENT);
        assertThat(read.envelope().sender()).isEqualTo(TestData.SENDER);
      }
    }
  }

  @Test
  void ackDeletesUpToTheSeqAndReadSkipsIt() {
    try (RocksStorage storage = open()) {
      InboxStore inbox = storage.inboxes();
      for (int i = 1; i <= 5; i++) inbox.append(message(i, BOB_PHONE, BOB_LAPTOP)).join();

      inbox.ack(BOB_PHONE, 3).join();

      assertThat(inbox.read(BOB_PHONE, 0, 10, T0).join()).extracting(InboxEntry::seq).containsExactly(4L, 5L);
      assertThat(inbox.read(BOB_LAPTOP, 0, 10, T0).join()).hasSize(5);
    }
  }

  @Test
  void anAckAfterAnEarlierOneDeletesItsSpanKeyByKeyOrAsARangeWhenLong() {
    try (RocksStorage storage = open()) {
      InboxStore inbox = storage.inboxes();
      int n = RocksInboxStore.MAX_POINT_DELETES + 20;
      for (int i = 1; i <= n; i++) inbox.append(message(i, BOB_PHONE)).join();

      inbox.ack(BOB_PHONE, 2).join();
      inbox.ack(BOB_PHONE, 2, 5).join(); // a short span: point deletes
      assertThat(inbox.read(BOB_PHONE, 0, 1, T0).join()).extracting(InboxEntry::seq).containsExactly(6L);
      inbox.ack(BOB_PHONE, 5, 5).join(); // nothing new
      inbox.ack(BOB_PHONE, 5, n - 1).join(); // longer than MAX_POINT_DELETES: one range
      assertThat(all(inbox, BOB_PHONE)).extracting(InboxEntry::seq).containsExactly((long) n);
    }
  }

  @Test
  void anAckSkipsTheSyncOfItsOwnRoundAndTheNextAppendSyncsItWhileStillSurvivingAReopen() {
    try (RocksStorage storage = open()) {
      InboxStore inbox = storage.inboxes();
      for (int i = 1; i <= 3; i++) inbox.append(message(i, BOB_PHONE)).join();
      double unsynced = meters.counter("parley.commit.unsynced.rounds").count();
      inbox.ack(BOB_PHONE, 1).join();
      inbox.ack(BOB_PHONE, 1, 2).join();
      assertThat(meters.counter("parley.commit.unsynced.rounds").count() - unsynced).isEqualTo(2);
      inbox.append(message(4, BOB_PHONE)).join(); // a synced round, which also covers the acks in the WAL
      assertThat(meters.counter("parley.commit.unsynced.rounds").count() - unsynced).isEqualTo(2);
    }
    try (RocksStorage storage = open()) {
      assertThat(all(storage.inboxes(), BOB_PHONE)).extracting(InboxEntry::seq).containsExactly(3L, 4L);
    }
  }

  @Test
  void seqsAreNeverReusedAfterEverythingWasAckedAndTheStoreReopened() {
    long lastServerMsgId;
    try (RocksStorage storage = open()) {
      for (int i = 1; i <= 3; i++) inbox(storage).append(message(i, BOB_PHONE)).join();
      lastServerMsgId = inbox(storage).append(message(4, BOB_PHONE)).join().serverMsgId();
      inbox(storage).ack(BOB_PHONE, 4).join();
      assertThat(all(inbox(storage), BOB_PHONE)).isEmpty();
    }

    try (RocksStorage storage = open()) {
      assertThat(inbox(storage).lastSeq(BOB_PHONE).join()).isEqualTo(4);
      StoredMessage next = inbox(storage).append(message(5, BOB_PHONE)).join();

      assertThat(next.appended()).extracting(InboxEntry::seq).containsExactly(5L);
      assertThat(next.serverMsgId()).isGreaterThan(lastServerMsgId);
    }
  }

  @Test
  void retryWithTheSameClientMsgIdIsAnsweredNotStoredAgainEvenAfterReopen() {
    StoredMessage original;
    try (RocksStorage storage = open()) {
      original = inbox(storage).append(message(7, BOB_PHONE)).join();
      StoredMessage retry = inbox(storage).append(message(7, T0 + 5_000, 0, BOB_PHONE)).join();

      assertThat(retry).isEqualTo(new StoredMessage(original.serverMsgId(), T0, true, List.of()));
      assertThat(all(inbox(storage), BOB_PHONE)).hasSize(1);
    }

    try (RocksStorage storage = open()) {
      StoredMessage retry = inbox(storage).append(message(7, T0 + 60_000, 0, BOB_PHONE)).join();

      assertThat(retry).isEqualTo(new StoredMessage(original.serverMsgId(), T0, true, List.of()));
      assertThat(all(inbox(storage), BOB_PHONE)).hasSize(1);
      assertThat(inbox(storage).lastSeq(BOB_PHONE).join()).isEqualTo(1);
    }
  }

  @Test
  void retryInTheSameRoundIsAnsweredWithTheOriginalIds() throws Exception {
    try (RocksStorage storage = open()) {
      CompletableFuture<StoredMessage> first;
      CompletableFuture<StoredMessage> retry;
      try (Gate gate = Gate.hold(storage.commits())) {
        first = inbox(storage).append(message(8, BOB_PHONE));
        retry = inbox(storage).append(message(8, BOB_PHONE));
        gate.open();
      }

      assertThat(retry.join().duplicate()).isTrue();
      assertThat(retry.join().serverMsgId()).isEqualTo(first.join().serverMsgId());
      assertThat(all(inbox(storage), BOB_PHONE)).hasSize(1);
    }
  }

  @Test
  void dedupRecordsAreForgottenAfterTheWindow() {
    try (RocksStorage storage = open()) {
      StoredMessage original = inbox(storage).append(message(9, BOB_PHONE)).join();
      long later = clock.advance(Duration.ofHours(24));

      Sweeper.Result swept = storage.sweepNow().join();
      StoredMessage resent = inbox(storage).append(message(9, later, 0, BOB_PHONE)).join();

      assertThat(swept.sentRecords()).isEqualTo(1);
      assertThat(resent.duplicate()).isFalse();
      assertThat(resent.serverMsgId()).isGreaterThan(original.serverMsgId());
      assertThat(all(inbox(storage), BOB_PHONE)).hasSize(2);
    }
  }

  @Test
  void sweepKeepsDedupRecordsStillInsideTheWindow() {
    try (RocksStorage storage = open()) {
      StoredMessage original = inbox(storage).append(message(10, BOB_PHONE)).join();
      clock.advance(Duration.ofHours(23));

      assertThat(storage.sweepNow().join().sentRecords()).isZero();
      assertThat(inbox(storage).append(message(10, clock.millis(), 0, BOB_PHONE)).join())
          .isEqualTo(new StoredMessage(original.serverMsgId(), T0, true, List.of()));
    }
  }

  @Test
  void expiredMessagesAreNotReadAndTheSweeperDeletesThem() {
    try (RocksStorage storage = open()) {
      InboxStore inbox = storage.inboxes();
      inbox.append(message(1, T0, T0 + 1_000, BOB_PHONE, BOB_LAPTOP)).join();
      inbox.append(message(2, T0, 0, BOB_PHONE)).join();
      inbox.append(message(3, T0, T0 + 60_000, BOB_PHONE)).join();
      inbox.ack(BOB_LAPTOP, 1).join(); // the sweeper must tolerate an expiry entry whose message is gone

      assertThat(inbox.read(BOB_PHONE, 0, 10, T0 + 1_000).join()).extracting(InboxEntry::seq).containsExactly(2L, 3L);
      assertThat(all(inbox, BOB_PHONE)).hasSize(3);

      clock.advance(Duration.ofSeconds(1));
      Sweeper.Result swept = storage.sweepNow().join();

      assertThat(swept.expiredMessages()).isEqualTo(2); // BOB_PHONE's entry and BOB_LAPTOP's acked one
      assertThat(all(inbox, BOB_PHONE)).extracting(InboxEntry::seq).containsExactly(2L, 3L);
      assertThat(storage.sweepNow().join().expiredMessages()).isZero();
    }
  }

  @Test
  void sweepWorksThroughMoreThanOneChunk() {
    int count = Sweeper.CHUNK * 2 + 5;
    try (RocksStorage storage = open()) {
      InboxStore inbox = storage.inboxes();
      CompletableFuture<?>[] appends = new CompletableFuture<?>[count];
      for (int i = 0; i < count; i++) appends[i] = inbox.append(message(i, T0, T0 + 1 + i % 7, BOB_PHONE));
      CompletableFuture.allOf(appends).join();
      clock.advance(Duration.ofDays(2));

      Sweeper.Result swept = storage.sweepNow().join();

      assertThat(swept).isEqualTo(new Sweeper.Result(count, 0, count, 0));
      assertThat(all(inbox, BOB_PHONE)).isEmpty();
    }
  }

  @Test
  void badArgumentsAreRefusedAtOnce() {
    try (RocksStorage storage = open()) {
      assertThatIllegalArgumentException().isThrownBy(() -> inbox(storage).read(BOB_PHONE, -1, 10, T0));
      assertThatIllegalArgumentException().isThrownBy(() -> inbox(storage).read(BOB_PHONE, 0, 0, T0));
      assertThatIllegalArgumentException().isThrownBy(() -> inbox(storage).ack(BOB_PHONE, -1));
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static InboxStore inbox(RocksStorage storage) {
    return storage.inboxes();
  }
}
