package dev.parley.storage.rocks;

import static dev.parley.storage.rocks.TestData.message;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.inbox.StoredMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;

/**
 * The victim of {@link RestartDurabilityTest}: appends to one device and acks everything but the
 * newest message, printing each durable append, and never stops on its own. Acking keeps the
 * inbox empty, so a restart must take the next seq from inbox_seq, not from the entries.
 */
final class CrashingWriter {
  static final long KILL_AFTER = 300;

  public static void main(String[] args) {
    DeviceId device = new DeviceId(30);
    RocksConfig config = TestData.config(Path.of(args[0]), SyncPolicy.valueOf(args[1]));
    RocksStorage storage = RocksStorage.open(config, new TestClock(TestData.T0), new SimpleMeterRegistry());
    for (long i = 1; ; i++) {
      StoredMessage stored = storage.inboxes().append(message(i, device)).join();
      long seq = stored.appended().getFirst().seq();
      storage.inboxes().ack(device, seq - 1).join();
      System.out.println("stored " + seq + " " + stored.serverMsgId());
    }
  }

  private CrashingWriter() {}
}
