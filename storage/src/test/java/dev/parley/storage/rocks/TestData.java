package dev.parley.storage.rocks;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.NewAccount;
import dev.parley.storage.account.UserId;
import dev.parley.storage.account.Username;
import dev.parley.storage.inbox.ClientMsgId;
import dev.parley.storage.inbox.DeviceCopy;
import dev.parley.storage.inbox.OutgoingMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Small builders shared by the storage tests. */
final class TestData {
  static final long T0 = 1_700_000_000_000L;
  static final UserId SENDER = new UserId(1);
  static final DeviceId SENDER_DEVICE = new DeviceId(1);
  static final UserId RECIPIENT = new UserId(2);

  private TestData() {}

  static RocksConfig config(Path dir, SyncPolicy sync) {
    return new RocksConfig(dir, sync, 65_536, 1_024, Duration.ofHours(24), Duration.ofHours(1));
  }

  static RocksStorage open(Path dir) {
    return RocksStorage.open(config(dir, SyncPolicy.FSYNC), new TestClock(T0), new SimpleMeterRegistry());
  }

  static ClientMsgId clientMsgId(long n) {
    return new ClientMsgId(ByteBuffer.allocate(ClientMsgId.LENGTH).putLong(8, n).array());
  }

  /** A message to RECIPIENT whose every device copy has the body "msg {clientMsgId}". */
  static OutgoingMessage message(long clientMsgId, long nowMs, long expiresAtMs, DeviceId... devices) {
    byte[] body = ("msg " + clientMsgId).getBytes(StandardCharsets.UTF_8);
    List<DeviceCopy> copies = Arrays.stream(devices).map(d -> new DeviceCopy(d, body)).toList();
    return new OutgoingMessage(
        SENDER, SENDER_DEVICE, "alice", RECIPIENT, clientMsgId(clientMsgId), copies, nowMs, expiresAtMs);
  }

  static OutgoingMessage message(long clientMsgId, DeviceId... recipients) {
    return message(clientMsgId, T0, 0, recipients);
  }

  static NewAccount newAccount(String username) {
    return new NewAccount(Username.parse(username).orElseThrow(), new byte[32], "phone", T0);
  }

  static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }
}
