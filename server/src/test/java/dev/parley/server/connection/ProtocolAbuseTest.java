package dev.parley.server.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.auth.LoginTranscript;
import dev.parley.protocol.v1.Ack;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.Hello;
import dev.parley.protocol.v1.Login;
import dev.parley.protocol.v1.Send;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.protocol.v1.Welcome;
import dev.parley.server.config.ServerConfig;
import dev.parley.protocol.sdk.SendReceipt;
import dev.parley.server.testkit.Await;
import dev.parley.server.testkit.RawConnection;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad client gets a typed error where a frame can still be written, then a close, and
 * never disturbs the server for anyone else.
 */
@Timeout(60)
class ProtocolAbuseTest {
  static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  @TempDir Path data;
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(data, ProtocolAbuseTest::shortTimeouts);
  }

  static ServerConfig shortTimeouts(ServerConfig c) {
    var t = c.timeouts();
    return c.withTimeouts(new ServerConfig.Timeouts(
            Duration.ofMillis(500), t.idle(), t.pingInterval(), Duration.ofMillis(500), t.shutdownGrace()))
        .withDelivery(new ServerConfig.Delivery(2048, 64));
  }

  @AfterEach
  void othersAreUnaffectedAndStop() throws Exception {
    try (TestClient a = TestClient.registered(server, "healthy_a" + System.nanoTime() % 100000);
        TestClient b = TestClient.registered(server, "healthy_b" + System.nanoTime() % 100000)) {
      a.send(b.account().username(), "still fine");
      assertThat(b.awaitTexts(1)).containsExactly("still fine");
    } finally {
      server.close();
    }
  }

  static void assertErrorThenClose(RawConnection c, ErrorCode expected) throws IOException {
    ServerFrame f = c.read();
    assertThat(f.getBodyCase()).isEqualTo(ServerFrame.BodyCase.ERROR);
    assertThat(f.getError().getCode()).isEqualTo(expected);
    assertThat(c.awaitClosed(CLOSE_WAIT)).as("server closed the connection").isTrue();
  }

  @Test
  void anOversizedLengthPrefixIsRefusedBeforeAnyPayloadArrives() throws Exception {
    try (RawConnection c = RawConnection.tls(server)) {
      int tooBig = server.config().limits().maxFrameBytes() + 1;
      c.write(new byte[] {(byte) (0x80 | (tooBig & 0x7f)), (byte) (0x80 | ((tooBig >> 7) & 0x7f)), (byte) (tooBig >> 14)});
      assertErrorThenClose(c, ErrorCode.FRAME_TOO_LARGE);
    }
  }

  @Test
  void aLengthPrefixLongerThanFiveBytesIsABadFrame() throws Exception {
    try (RawConnection c = RawConnection.tls(server)) {
      c.write(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01});
      assertErrorThenClose(c, ErrorCode.BAD_FRAME);
    }
  }

  @Test
  void bytesThatAreNotProtobufAreABadFrame() throws Exception {
    try (RawConnection c = RawConnection.tls(server)) {
      c.write(new byte[] {5, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
      assertErrorThenClose(c, ErrorCode.BAD_FRAME);
    }
  }

  @Test
  void aTruncatedFrameFollowedBySilenceIsClosedAtTheHandshakeDeadline() throws Exception {
    try (RawConnection c = RawConnection.tls(server)) {
      c.write(new byte[] {100, 1, 2, 3});
      assertErrorThenClose(c, ErrorCode.HANDSHAKE_TIMEOUT);
    }
  }

  @Test
  void aClientThatConnectsAndNeverSpeaksIsClosedAtTheHandshakeDeadline() throws Exception {
    try (RawConnection c = RawConnection.tls(server)) {
      assertErrorThenClose(c, ErrorCode.HANDSHAKE_TIMEOUT);
    }
  }

  @Test
  void aPlainTcpClientOnTheTlsPortIsDisconnected() throws Exception {
    try (RawConnection c = RawConnection.plain(server)) {
      c.write("GET / HTTP/1.1\r\nHost: parley\r\n\r\n".getBytes());
      assertThat(c.awaitClosed(CLOSE_WAIT)).isTrue();
    }
  }

  @Test
  void anUnsupportedProtocolVersionIsRefusedNamingTheSupportedRange() throws Exception {
    try (RawConnection c = RawConnection.tls(server)) {
      c.send(ClientFrame.newBuilder().setRequestId(1).setHello(Hello.newBuilder().setProtocolVersion(99)).build());
      ServerFrame f = c.read();
      assertThat(f.getError().getCode()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
      assertThat(f.getError().getMinProtocolVersion()).isEqualTo(2);
      assertThat(f.getError().getMaxProtocolVersion()).isEqualTo(2);
      assertThat(c.awaitClosed(CLOSE_WAIT)).isTrue();
    }
  }

  @Test
  void anyFrameBeforeHelloIsUnexpected() throws Exception {
    try (RawConnection c = RawConnection.tls(server)) {
      c.send(ClientFrame.newBuilder().setRequestId(1).setAck(Ack.newBuilder().setUpToSeq(5)).build());
      assertErrorThenClose(c, ErrorCode.UNEXPECTED_FRAME);
    }
  }

  @Test
  void aSendBeforeLoginIsNotAuthenticated() throws Exception {
    try (RawConnection c = RawConnection.tls(server)) {
      c.hello();
      c.send(ClientFrame.newBuilder().setRequestId(2).setSend(Send.newBuilder().setRecipientUsername("x")).build());
      assertErrorThenClose(c, ErrorCode.NOT_AUTHENTICATED);
    }
  }

  @Test
  void registeringTwiceOnOneConnectionIsRefused() throws Exception {
    IdentityKeyPair key = IdentityKeyPair.generate(new SecureRandom());
    try (RawConnection c = RawConnection.tls(server)) {
      Welcome w = c.hello();
      c.send(ClientFrame.newBuilder().setRequestId(2).setRegister(c.register("twice", key, w.getLoginChallenge().toByteArray())).build());
      assertThat(c.read().getBodyCase()).isEqualTo(ServerFrame.BodyCase.REGISTERED);
      c.send(ClientFrame.newBuilder().setRequestId(3).setRegister(c.register("twice2", key, w.getLoginChallenge().toByteArray())).build());
      assertErrorThenClose(c, ErrorCode.ALREADY_AUTHENTICATED);
    }
  }

  @Test
  void aRegistrationSignedWithAnotherKeyFailsAuthentication() throws Exception {
    IdentityKeyPair claimed = IdentityKeyPair.generate(new SecureRandom());
    IdentityKeyPair signer = IdentityKeyPair.generate(new SecureRandom());
    try (RawConnection c = RawConnection.tls(server)) {
      Welcome w = c.hello();
      var forged = c.register("mallory", signer, w.getLoginChallenge().toByteArray()).toBuilder()
          .setDeviceIdentityKey(ByteString.copyFrom(claimed.publicKey().bytes()))
          .build();
      c.send(ClientFrame.newBuilder().setRequestId(2).setRegister(forged).build());
      assertErrorThenClose(c, ErrorCode.AUTH_FAILED);
    }
  }

  @Test
  void aLoginSignatureReplayedOnAnotherConnectionFails() throws Exception {
    TestClient alice = TestClient.registered(server, "alice");
    alice.close();
    long user = alice.account().userId();
    long device = alice.account().deviceId();
    Login recorded;
    try (RawConnection first = RawConnection.tls(server)) {
      byte[] challenge = first.hello().getLoginChallenge().toByteArray();
      byte[] sig = alice.identity().sign(LoginTranscript.forLogin(challenge, first.serverFingerprint(), user, device));
      recorded = Login.newBuilder().setUserId(user).setDeviceId(device).setSignature(ByteString.copyFrom(sig)).build();
      first.send(ClientFrame.newBuilder().setRequestId(2).setLogin(recorded).build());
      assertThat(first.read().getBodyCase()).isEqualTo(ServerFrame.BodyCase.LOGGED_IN);
    }
    try (RawConnection replay = RawConnection.tls(server)) {
      replay.hello();
      replay.send(ClientFrame.newBuilder().setRequestId(2).setLogin(recorded).build());
      assertErrorThenClose(replay, ErrorCode.AUTH_FAILED);
    }
  }

  @Test
  void aLoginForAnUnknownDeviceFailsAuthentication() throws Exception {
    try (RawConnection c = RawConnection.tls(server)) {
      c.hello();
      c.send(ClientFrame.newBuilder().setRequestId(2)
          .setLogin(Login.newBuilder().setUserId(12345).setDeviceId(777).setSignature(ByteString.copyFrom(new byte[64])))
          .build());
      assertErrorThenClose(c, ErrorCode.AUTH_FAILED);
    }
  }

  @Test
  void aRecipientThatNeverReadsIsDisconnectedOnceItsOutboundBufferStaysFull() throws Exception {
    try (RawConnection deaf = RawConnection.tls(server);
        TestClient alice = TestClient.registered(server, "alice")) {
      deaf.registerWithPrekeys("deaf");
      assertThat(server.server().liveSessions()).isEqualTo(2);

      // More than the delivery window can carry and more than loopback socket buffers hold: the
      // server's outbound buffer fills, stays full past the write-stall timeout, and the server
      // drops the reader that never reads. The sender is served throughout.
      byte[] body = new byte[60_000];
      List<CompletableFuture<SendReceipt>> sends = new ArrayList<>();
      for (int i = 0; i < 400; i++) sends.add(alice.sdk().send("deaf", body));
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

      Await.until("the server dropped the non-reading session", () -> server.server().liveSessions() == 1,
          Duration.ofSeconds(60));
    }
  }

  @Test
  void aFrameWithNoBodyIsUnexpected() throws Exception {
    try (RawConnection c = RawConnection.tls(server)) {
      c.hello();
      c.send(ClientFrame.newBuilder().setRequestId(7).build());
      assertErrorThenClose(c, ErrorCode.UNEXPECTED_FRAME);
    }
  }
}
