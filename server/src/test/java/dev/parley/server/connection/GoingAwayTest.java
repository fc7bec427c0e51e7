package dev.parley.server.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.protobuf.ByteString;
import dev.parley.protocol.sdk.DeviceSummary;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.CreateLinkCode;
import dev.parley.protocol.v1.DeviceMessage;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.GoingAwayReason;
import dev.parley.protocol.v1.Ping;
import dev.parley.protocol.v1.Send;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.server.testkit.Await;
import dev.parley.server.testkit.RawConnection;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestServer;
import dev.parley.storage.Storage;
import dev.parley.storage.account.Account;
import dev.parley.storage.account.AccountStore;
import dev.parley.storage.account.Device;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.NewAccount;
import dev.parley.storage.account.Registration;
import dev.parley.storage.account.UserId;
import dev.parley.storage.account.Username;
import dev.parley.storage.admin.AdminStore;
import dev.parley.storage.group.GroupInviteStore;
import dev.parley.storage.group.GroupStore;
import dev.parley.storage.inbox.InboxStore;
import dev.parley.storage.prekey.PrekeyStore;
import dev.parley.storage.presence.PresenceStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GoingAway is the last word of a connection: it must reach the client even when the client is
 * still sending as the server says it, or the client takes the lost connection for a network fault,
 * reconnects, and a revoked device fails to log in instead of learning that it was removed.
 */
@Timeout(60)
class GoingAwayTest {
  @TempDir Path data;
  TestServer server;

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  @Test
  void aRevokedDeviceThatKeepsSendingStillReadsItsGoingAway() throws Exception {
    server = TestServer.start(data);
    try (RawConnection old = RawConnection.tls(server)) {
      old.registerWithPrekeys("carol");
      try (TestClient phone = linkedTo(old)) {
        long oldDevice = otherDevice(phone);

        phone.sdk().revokeDevice(oldDevice).get(10, TimeUnit.SECONDS);
        // The old device's session is unregistered in the same loop task that writes its GoingAway
        // and starts the close: from here on, the server is closing this connection.
        Await.until("the old device's session to end", () -> sessions() == 1);

        // The old device has not read anything yet and keeps writing, as a client sending acks and
        // receipts does. A server that closes with these bytes unread resets the connection, and the
        // client's next write fails before it ever reads the GoingAway waiting in its socket.
        for (int i = 0; i < 50; i++) {
          try {
            old.send(ClientFrame.newBuilder().setRequestId(100 + i).setPing(Ping.newBuilder().setNonce(i)).build());
          } catch (IOException reset) {
            fail("the server reset the connection after its GoingAway, at write " + i, reset);
          }
        }
        ServerFrame last = readUntil(old, ServerFrame.BodyCase.GOING_AWAY);
        assertThat(last.getGoingAway().getReason()).isEqualTo(GoingAwayReason.DEVICE_REVOKED);
        assertThat(old.awaitClosed(Duration.ofSeconds(10))).as("the server closes after its GoingAway").isTrue();
      }
    }
  }

  @Test
  void aSendFromADeviceRemovedAMomentAgoIsRefusedAndTheDeviceIsToldItWasRevoked() throws Exception {
    CompletableFuture<Void> removed = new CompletableFuture<>();
    CompletableFuture<Void> release = new CompletableFuture<>();
    server = TestServer.start(data, c -> c, s -> new SlowRevokeStorage(s, removed, release));
    try (RawConnection old = RawConnection.tls(server);
        TestClient alice = TestClient.registered(server, "alice")) {
      old.registerWithPrekeys("carol");
      try (TestClient phone = linkedTo(old)) {
        long oldDevice = otherDevice(phone);
        CompletableFuture<Void> revoke = phone.sdk().revokeDevice(oldDevice);
        // The removal is durable, and the server has not yet told the old device's session.
        removed.get(10, TimeUnit.SECONDS);

        Send send = Send.newBuilder()
            .setRecipientUsername("alice")
            .setClientMsgId(ByteString.copyFrom(new byte[16]))
            .addDeviceMessages(copyFor(alice.account().deviceId()))
            .addDeviceMessages(copyFor(phone.account().deviceId()))
            .build();
        old.send(ClientFrame.newBuilder().setRequestId(50).setSend(send).build());
        ServerFrame answer = readUntilAnswerTo(old, 50);
        assertThat(answer.getError().getCode()).as(answer.toString()).isEqualTo(ErrorCode.DEVICE_NOT_FOUND);

        release.complete(null);
        revoke.get(10, TimeUnit.SECONDS);
        assertThat(readUntil(old, ServerFrame.BodyCase.GOING_AWAY).getGoingAway().getReason())
            .isEqualTo(GoingAwayReason.DEVICE_REVOKED);
      }
    }
  }

  private TestClient linkedTo(RawConnection existing) throws Exception {
    existing.send(ClientFrame.newBuilder().setRequestId(4).setCreateLinkCode(CreateLinkCode.getDefaultInstance()).build());
    String code = readUntil(existing, ServerFrame.BodyCase.LINK_CODE).getLinkCode().getCode();
    TestClient phone = new TestClient(server);
    phone.linkWith(code);
    return phone;
  }

  private static long otherDevice(TestClient c) throws Exception {
    return c.sdk().devices().get(10, TimeUnit.SECONDS).stream()
        .mapToLong(DeviceSummary::deviceId).filter(d -> d != c.account().deviceId()).findFirst().orElseThrow();
  }

  private static DeviceMessage copyFor(long device) {
    return DeviceMessage.newBuilder().setDeviceId(device).setCiphertext(ByteString.copyFrom(new byte[32])).build();
  }

  private double sessions() {
    return server.meters().find("parley.sessions").gauge().value();
  }

  /** Reads frames until one of {@code kind} (skipping pushes); fails if the connection ends first. */
  private static ServerFrame readUntil(RawConnection c, ServerFrame.BodyCase kind) throws Exception {
    while (true) {
      ServerFrame f = c.read();
      if (f.getBodyCase() == kind) return f;
    }
  }

  private static ServerFrame readUntilAnswerTo(RawConnection c, long requestId) throws Exception {
    while (true) {
      ServerFrame f = c.read();
      if (f.getRequestId() == requestId) return f;
    }
  }

  /**
   * Storage whose device removals are durable at once but answered only when the test says so: the
   * window between a removal and the server's reaction to it, held open.
   */
  private record SlowRevokeStorage(Storage delegate, CompletableFuture<Void> removed, CompletableFuture<Void> release)
      implements Storage {
    @Override
    public AccountStore accounts() {
      AccountStore real = delegate.accounts();
      return new AccountStore() {
        @Override
        public CompletableFuture<Registration> register(NewAccount account) {
          return real.register(account);
        }

        @Override
        public CompletableFuture<Registration> registerWithInvite(NewAccount account, String inviteCode) {
          return real.registerWithInvite(account, inviteCode);
        }

        @Override
        public CompletableFuture<Optional<Account>> findById(UserId id) {
          return real.findById(id);
        }

        @Override
        public CompletableFuture<Optional<Account>> findByUsername(Username username) {
          return real.findByUsername(username);
        }

        @Override
        public CompletableFuture<Optional<Device>> findDevice(UserId user, DeviceId device) {
          return real.findDevice(user, device);
        }

        @Override
        public CompletableFuture<List<Device>> devices(UserId user) {
          return real.devices(user);
        }

        @Override
        public CompletableFuture<Optional<Device>> addDevice(UserId user, byte[] identityKey, String name, long nowMs) {
          return real.addDevice(user, identityKey, name, nowMs);
        }

        @Override
        public CompletableFuture<Boolean> removeDevice(UserId user, DeviceId device) {
          return real.removeDevice(user, device).thenCompose(done -> {
            removed.complete(null);
            return release.thenApply(x -> done);
          });
        }
      };
    }

    @Override
    public InboxStore inboxes() {
      return delegate.inboxes();
    }

    @Override
    public PrekeyStore prekeys() {
      return delegate.prekeys();
    }

    @Override
    public GroupStore groups() {
      return delegate.groups();
    }

    @Override
    public GroupInviteStore groupInvites() {
      return delegate.groupInvites();
    }

    @Override
    public PresenceStore presence() {
      return delegate.presence();
    }

    @Override
    public AdminStore admin() {
      return delegate.admin();
    }

    @Override
    public boolean healthy() {
      return delegate.healthy();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
