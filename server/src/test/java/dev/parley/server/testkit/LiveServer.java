package dev.parley.server.testkit;

import dev.parley.protocol.transport.NettyTransport;
import dev.parley.server.config.ServerConfig;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh in-process server per test, on a temporary data directory, with the clients the test
 * registers on two shared event loops; everything is closed and deleted after the test. Use as
 * {@code @RegisterExtension final LiveServer live = LiveServer.with(config -> ...);}.
 */
public final class LiveServer implements BeforeEachCallback, AfterEachCallback {
  private final UnaryOperator<ServerConfig> tweak;
  private final Clock clock;
  private final List<TestClient> clients = new ArrayList<>();
  private Path dir;
  private TestServer server;
  private EventLoopGroup loops;

  private LiveServer(UnaryOperator<ServerConfig> tweak, Clock clock) {
    this.tweak = tweak;
    this.clock = clock;
  }

  public static LiveServer withDefaults() {
    return with(c -> c);
  }

  public static LiveServer with(UnaryOperator<ServerConfig> tweak) {
    return new LiveServer(tweak, Clock.systemUTC());
  }

  /** Every component on {@code clock}, so tests move time instead of waiting. */
  public static LiveServer on(Clock clock) {
    return new LiveServer(c -> c, clock);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("parley-test-");
    server = TestServer.start(dir, tweak, s -> s, clock);
    loops = NettyTransport.best().newGroup(2, "test-clients");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    clients.forEach(TestClient::close);
    clients.clear();
    if (server != null) server.close();
    if (loops != null) loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    delete(dir);
  }

  public TestServer server() {
    return server;
  }

  /** A newly registered user with one device, closed after the test. */
  public TestClient user(String name) throws Exception {
    return track(TestClient.registered(server, name, loops));
  }

  /** Closes {@code client} after the test. */
  public TestClient track(TestClient client) {
    clients.add(client);
    return client;
  }

  private static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) return;
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
