package dev.parley.bench;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.inbox.ClientMsgId;
import dev.parley.storage.inbox.DeviceCopy;
import dev.parley.storage.inbox.OutgoingMessage;
import dev.parley.storage.rocks.RocksConfig;
import dev.parley.storage.rocks.RocksStorage;
import dev.parley.storage.rocks.SyncPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Messages appended through RocksStorage's group-commit stage by four sender threads ({@code -t}
 * overrides), each waiting for its append to be durable before the next, as the server's sessions
 * do. The score is appends per second over all threads; with FSYNC each commit round costs one WAL
 * fsync, so throughput comes from batching the appends that wait together. The database lives in a fresh directory
 * under {@code -Dparley.bench.dir} (default {@code java.io.tmpdir}; put it on the disk you mean
 * to measure: fsync on tmpfs costs nothing) and is deleted after the trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
public class CommitStageBench {
  private static final int BODY_BYTES = 200;
  private static final UserId RECIPIENT = new UserId(10_000);
  private static final DeviceId RECIPIENT_DEVICE = new DeviceId(20_000);

  @Param({"ASYNC", "FSYNC"})
  public SyncPolicy sync;

  private final AtomicLong senders = new AtomicLong();
  private Path dir;
  private RocksStorage storage;
  private byte[] body;

  @Setup
  public void setUp() throws IOException {
    Path parent =
        Path.of(System.getProperty("parley.bench.dir", System.getProperty("java.io.tmpdir")));
    dir = Files.createTempDirectory(parent, "parley-commit-bench-");
    RocksConfig config =
        new RocksConfig(dir, sync, 65_536, 1_024, Duration.ofHours(24), Duration.ofMinutes(1));
    storage = RocksStorage.open(config, Clock.systemUTC(), new SimpleMeterRegistry());
    body = new byte[BODY_BYTES];
    new Random(42).nextBytes(body);
  }

  @TearDown
  public void tearDown() throws IOException {
    storage.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(CommitStageBench::delete);
    }
  }

  /** One sending device per benchmark thread, with its own client_msg_id counter. */
  @State(Scope.Thread)
  public static class Sender {
    long index;
    long sent;
    UserId user;
    DeviceId device;
    String username;
    DeviceId otherDevice;

    @Setup
    public void setUp(CommitStageBench bench) {
      index = bench.senders.incrementAndGet();
      user = new UserId(index);
      device = new DeviceId(1_000 + index);
      username = "sender" + index;
      otherDevice = new DeviceId(2_000 + index);
    }
  }

  /** Two copies (the recipient's device and the sender's other device), awaited until durable. */
  @Benchmark
  public void append(Sender sender, Blackhole bh) {
    long n = ++sender.sent;
    byte[] msgId = ByteBuffer.allocate(ClientMsgId.LENGTH).putLong(sender.index).putLong(n).array();
    OutgoingMessage message =
        new OutgoingMessage(
            sender.user,
            sender.device,
            sender.username,
            RECIPIENT,
            new ClientMsgId(msgId),
            List.of(
                new DeviceCopy(RECIPIENT_DEVICE, body), new DeviceCopy(sender.otherDevice, body)),
            System.currentTimeMillis(),
            0);
    bh.consume(storage.inboxes().append(message).join());
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
