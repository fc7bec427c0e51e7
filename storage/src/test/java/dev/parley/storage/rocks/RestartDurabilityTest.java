package dev.parley.storage.rocks;

import static dev.parley.storage.rocks.TestData.T0;
import static dev.parley.storage.rocks.TestData.message;
import static dev.parley.storage.rocks.TestData.newAccount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.Registration;
import dev.parley.storage.account.Username;
import dev.parley.storage.inbox.InboxEntry;
import dev.parley.storage.inbox.StoredMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(60)
class RestartDurabilityTest {
  private static final DeviceId PHONE = new DeviceId(30);

  @TempDir Path dir;

  private RocksStorage open(SyncPolicy sync) {
    return RocksStorage.open(TestData.config(dir, sync), new TestClock(T0), new SimpleMeterRegistry());
  }

  @ParameterizedTest
  @EnumSource(SyncPolicy.class)
  void acknowledgedWritesSurviveACleanRestart(SyncPolicy sync) {
    Registration.Created alice;
    StoredMessage last;
    try (RocksStorage storage = open(sync)) {
      alice = (Registration.Created) storage.accounts().register(newAccount("alice")).join();
      for (int i = 1; i < 10; i++) storage.inboxes().append(message(i, PHONE)).join();
      last = storage.inboxes().append(message(10, PHONE)).join();
      storage.inboxes().ack(PHONE, 4).join();
    }

    try (RocksStorage storage = open(sync)) {
      assertThat(storage.accounts().findByUsername(new Username("alice")).join()).contains(alice.account());
      assertThat(storage.inboxes().read(PHONE, 0, 100, T0).join())
          .extracting(InboxEntry::seq)
          .containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
      assertThat(storage.inboxes().append(message(10, PHONE)).join().duplicate()).isTrue();
      StoredMessage next = storage.inboxes().append(message(11, PHONE)).join();
      assertThat(next.serverMsgId()).isGreaterThan(last.serverMsgId());
      assertThat(next.appended()).extracting(InboxEntry::seq).containsExactly(11L);
    }
  }

  /**
   * A separate JVM appends and acks until it is killed with SIGKILL (no close, no flush). Whatever
   * it reported as stored must be there after a restart, and no seq or id may be handed out twice.
   */
  @ParameterizedTest
  @EnumSource(SyncPolicy.class)
  void afterKillMinus9NoAcknowledgedWriteIsLostAndNoSeqIsReused(SyncPolicy sync) throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CrashingWriter.class.getName(),
                dir.toString(),
                sync.name())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    long lastSeq = 0;
    long lastServerMsgId = 0;
    try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; lastSeq < CrashingWriter.KILL_AFTER && (line = out.readLine()) != null; ) {
        if (!line.startsWith("stored ")) continue;
        String[] parts = line.split(" ");
        lastSeq = Long.parseLong(parts[1]);
        lastServerMsgId = Long.parseLong(parts[2]);
      }
    } finally {
      child.destroyForcibly(); // SIGKILL on Unix
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(lastSeq).isEqualTo(CrashingWriter.KILL_AFTER);

    try (RocksStorage storage = open(sync)) {
      long seqAfterRestart = storage.inboxes().lastSeq(PHONE).join();
      StoredMessage next = storage.inboxes().append(message(Long.MAX_VALUE, PHONE)).join();

      assertThat(seqAfterRestart).isGreaterThanOrEqualTo(lastSeq);
      assertThat(next.appended().getFirst().seq()).isEqualTo(seqAfterRestart + 1);
      assertThat(next.serverMsgId()).isGreaterThan(lastServerMsgId);
      // The newest append is never acked, so something is left, and nothing acked came back.
      long reported = lastSeq;
      List<InboxEntry> left = storage.inboxes().read(PHONE, 0, 1_000_000, 0).join();
      assertThat(left)
          .isNotEmpty()
          .extracting(InboxEntry::seq)
          .allSatisfy(seq -> assertThat(seq).isGreaterThanOrEqualTo(reported));
    }
  }
}
