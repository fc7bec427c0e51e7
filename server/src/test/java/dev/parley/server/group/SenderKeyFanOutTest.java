package dev.parley.server.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.sdk.ClientConfig;
import dev.parley.protocol.sdk.CryptoStore;
import dev.parley.protocol.sdk.GroupMessage;
import dev.parley.protocol.sdk.ParleyClient;
import dev.parley.protocol.sdk.ServerTrust;
import dev.parley.protocol.transport.NettyTransport;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestServer;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first post in an end-to-end group gives this device's sender key to every member device
 * through a pairwise session each. The client's whole end-to-end state is one blob, so saving it
 * once per member made that post quadratic in the group's size (27 s for 999 members with a file
 * store): it must be saved a bounded number of times, however many members there are.
 */
@Timeout(120)
class SenderKeyFanOutTest {
  static final int MEMBERS = 60;

  @TempDir Path data;
  TestServer server;
  EventLoopGroup loops;
  final List<TestClient> members = new ArrayList<>();
  ParleyClient owner;

  @BeforeEach
  void start() {
    server = TestServer.start(data);
    loops = NettyTransport.best().newGroup(2, "test-clients");
  }

  @AfterEach
  void stop() {
    if (owner != null) owner.close();
    members.forEach(TestClient::close);
    server.close();
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void firstPostSavesTheStateABoundedNumberOfTimesAndEveryMemberReadsIt() throws Exception {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      members.add(TestClient.registered(server, "member" + i, loops));
      names.add("member" + i);
    }
    CountingStore store = new CountingStore();
    owner = ParleyClient.builder(ClientConfig.defaults(server.address()), IdentityKeyPair.generate(new SecureRandom()))
        .trust(ServerTrust.pinned(server.fingerprint()))
        .cryptoStore(store)
        .build();
    owner.register("owner", "test").get(10, TimeUnit.SECONDS);
    assertThat(owner.createGroup("fan-out", names, Duration.ZERO).get(10, TimeUnit.SECONDS).endToEnd()).isTrue();

    int before = store.saves.get();
    owner.sendToGroup("fan-out", "first".getBytes(StandardCharsets.UTF_8), Duration.ZERO).get(60, TimeUnit.SECONDS);
    int saves = store.saves.get() - before;

    for (TestClient member : members) {
      GroupMessage post = member.awaitGroupMessages(1).getFirst();
      assertThat(new String(post.body(), StandardCharsets.UTF_8)).isEqualTo("first");
    }
    // A new sender key, the batch of key sends (all fit in one window), the distribution done,
    // the post sealed: a handful of saves, where one per member would be at least 60.
    assertThat(saves).isLessThanOrEqualTo(8);
  }

  /** An in-memory store that counts saves. */
  static final class CountingStore implements CryptoStore {
    final CryptoStore inner = CryptoStore.inMemory();
    final AtomicInteger saves = new AtomicInteger();

    @Override
    public Optional<byte[]> load() {
      return inner.load();
    }

    @Override
    public void save(byte[] state) {
      saves.incrementAndGet();
      inner.save(state);
    }
  }
}
