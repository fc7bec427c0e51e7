package dev.parley.server.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.sdk.ConnectionState;
import dev.parley.protocol.sdk.ParleyException;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.server.testkit.ChildServer;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestServer;
import dev.parley.storage.Storage;
import dev.parley.storage.StorageFailureException;
import dev.parley.storage.account.AccountStore;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.inbox.InboxEntry;
import dev.parley.storage.inbox.InboxStore;
import dev.parley.storage.inbox.OutgoingMessage;
import dev.parley.storage.inbox.StoredMessage;
import dev.parley.storage.prekey.PrekeyStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class RestartAndFaultsTest {
  @TempDir Path data;

  @Test
  void connectedClientsReconnectByThemselvesAfterARestartAndQueuedSendsGoThrough() throws Exception {
    try (TestServer server = TestServer.start(data);
        TestClient alice = TestClient.registered(server, "alice");
        TestClient bob = TestClient.registered(server, "bob")) {
      server.restartOnSamePort();
      alice.awaitState(ConnectionState.DISCONNECTED);

      // Sent while disconnected: held by the SDK and sent after it logs in again.
      var receipt = alice.sdk().send("bob", "after the restart".getBytes(StandardCharsets.UTF_8));

      alice.awaitState(ConnectionState.AUTHENTICATED);
      assertThat(receipt.get(30, TimeUnit.SECONDS).duplicate()).isFalse();
      assertThat(bob.awaitTexts(1)).containsExactly("after the restart");
    }
  }

  @Test
  void sigtermShutsDownCleanlyAndKeepsEverythingStored() throws Exception {
    ChildServer first = ChildServer.start(data);
    TestClient alice = TestClient.registered(first, "alice");
    TestClient bob = TestClient.registered(first, "bob");
    bob.close();
    alice.send("bob", "before shutdown");
    alice.close();

    assertThat(first.terminate()).as("exit status after SIGTERM").isZero();

    try (ChildServer second = ChildServer.start(data)) {
      bob.reconnect(second);
      assertThat(bob.awaitTexts(1)).containsExactly("before shutdown");
      bob.close();
    }
  }

  @Test
  void aStorageFailureRefusesSendsWithUnavailableAndAcknowledgesNothing() throws Exception {
    AtomicBoolean diskBroken = new AtomicBoolean();
    try (TestServer server = TestServer.start(data, c -> c, s -> new BreakableStorage(s, diskBroken));
        TestClient alice = TestClient.registered(server, "alice");
        TestClient bob = TestClient.registered(server, "bob")) {
      diskBroken.set(true);
      ExecutionException refused =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class,
              () -> alice.sdk().send("bob", "lost?".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS));
      assertThat(((ParleyException) refused.getCause()).code()).isEqualTo(ErrorCode.UNAVAILABLE);

      diskBroken.set(false);
      alice.send("bob", "after repair");
      assertThat(bob.awaitTexts(1)).containsExactly("after repair");
    }
  }

  /** A store whose appends fail while {@code broken} is set, as a failing disk would make them. */
  private record BreakableStorage(Storage delegate, AtomicBoolean broken) implements Storage {
    @Override
    public AccountStore accounts() {
      return delegate.accounts();
    }

    @Override
    public InboxStore inboxes() {
      InboxStore real = delegate.inboxes();
      return new InboxStore() {
        @Override
        public CompletableFuture<StoredMessage> append(OutgoingMessage message) {
          if (broken.get()) return CompletableFuture.failedFuture(new StorageFailureException("disk failed", null));
          return real.append(message);
        }

        @Override
        public CompletableFuture<List<InboxEntry>> read(DeviceId device, long afterSeq, int limit, long nowMs) {
          return real.read(device, afterSeq, limit, nowMs);
        }

        @Override
        public CompletableFuture<Void> ack(DeviceId device, long upToSeq) {
          return real.ack(device, upToSeq);
        }

        @Override
        public CompletableFuture<Long> lastSeq(DeviceId device) {
          return real.lastSeq(device);
        }
      };
    }

    @Override
    public PrekeyStore prekeys() {
      return delegate.prekeys();
    }

    @Override
    public dev.parley.storage.admin.AdminStore admin() {
      return delegate.admin();
    }

    @Override
    public dev.parley.storage.group.GroupStore groups() {
      return delegate.groups();
    }

    @Override
    public dev.parley.storage.group.GroupInviteStore groupInvites() {
      return delegate.groupInvites();
    }

    @Override
    public dev.parley.storage.presence.PresenceStore presence() {
      return delegate.presence();
    }

    @Override
    public boolean healthy() {
      return !broken.get() && delegate.healthy();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
