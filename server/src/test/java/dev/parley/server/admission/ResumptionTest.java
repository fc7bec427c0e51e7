package dev.parley.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.auth.LoginTranscript;
import dev.parley.protocol.auth.ResumptionProof;
import dev.parley.protocol.sdk.AccountInfo;
import dev.parley.protocol.sdk.ClientConfig;
import dev.parley.protocol.sdk.ParleyClient;
import dev.parley.protocol.sdk.ResumptionStore;
import dev.parley.protocol.sdk.ServerTrust;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.Login;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.testkit.Await;
import dev.parley.server.testkit.RawConnection;
import dev.parley.server.testkit.TestServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cheap reconnects: a device that logged in gets a one-time resumption token, and its next login
 * presents an HMAC under it instead of a signature, over a resumed TLS session. A used, forged or
 * foreign-certificate token is refused with AUTH_FAILED, and the SDK then logs in the full way.
 */
@Timeout(60)
class ResumptionTest {
  @TempDir Path data;
  TestServer server;
  final IdentityKeyPair key = IdentityKeyPair.generate(new SecureRandom());

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private ParleyClient client(ResumptionStore store) {
    return ParleyClient.builder(ClientConfig.defaults(server.address()), key)
        .trust(ServerTrust.pinned(server.fingerprint()))
        .resumptionStore(store)
        .build();
  }

  private double meter(String name) {
    var m = server.meters().find(name);
    if (m.counter() != null) return m.counter().count();
    return m.gauge() != null ? m.gauge().value() : 0; // a counter appears with its first increment
  }

  @Test
  void aDroppedClientComesBackWithAResumedTlsSessionAndAResumptionTokenEachTime() throws Exception {
    // The server drops connections quiet for 1 s; the client pings only every 25 s, so it is dropped
    // and reconnects again and again.
    server = TestServer.start(data, c -> c.withTimeouts(new ServerConfig.Timeouts(c.timeouts().handshake(),
        Duration.ofSeconds(1), Duration.ofMillis(500), c.timeouts().writeStall(), c.timeouts().shutdownGrace())));
    try (ParleyClient c = client(ResumptionStore.inMemory())) {
      c.register("alice", "phone").get(10, TimeUnit.SECONDS);
      Await.until("two resumed logins", () -> meter("parley.logins.resumed") >= 2, Duration.ofSeconds(20));
      assertThat(meter("parley.tls.resumed")).isGreaterThanOrEqualTo(1);
      // The client is dropped every second by design, so a request may meet a closed connection; the
      // resumed sessions must still serve one.
      Await.until("a resumed session answers whoAmI as alice", () -> "alice".equals(whoAmI(c)), Duration.ofSeconds(20));
    }
  }

  private static String whoAmI(ParleyClient c) {
    try {
      return c.whoAmI().get(10, TimeUnit.SECONDS).username();
    } catch (Exception dropped) {
      return null;
    }
  }

  @Test
  void aUsedOrForgedTokenIsRefusedAndTheSdkFallsBackToTheFullLogin() throws Exception {
    server = TestServer.start(data);
    ResumptionStore store = ResumptionStore.inMemory();
    AccountInfo me;
    try (ParleyClient first = client(store)) {
      me = first.register("bob", "phone").get(10, TimeUnit.SECONDS);
    }
    byte[] firstToken = store.load().orElseThrow();
    try (ParleyClient second = client(store)) {
      second.login(me.userId(), me.deviceId()).get(10, TimeUnit.SECONDS);
    }
    assertThat(meter("parley.logins.resumed")).isEqualTo(1);
    assertThat(store.load().orElseThrow()).isNotEqualTo(firstToken); // rotated

    store.save(firstToken); // already used
    try (ParleyClient third = client(store)) {
      assertThat(third.login(me.userId(), me.deviceId()).get(10, TimeUnit.SECONDS).username()).isEqualTo("bob");
    }
    byte[] forged = store.load().orElseThrow();
    new SecureRandom().nextBytes(forged);
    System.arraycopy(server.fingerprint().sha256(), 0, forged, 0, 32); // for this server, but made up
    store.save(forged);
    try (ParleyClient fourth = client(store)) {
      assertThat(fourth.login(me.userId(), me.deviceId()).get(10, TimeUnit.SECONDS).username()).isEqualTo("bob");
    }
    assertThat(meter("parley.logins.resumed")).isEqualTo(1);
    assertThat(meter("parley.logins")).isEqualTo(3);
    assertThat(server.meters().counter("parley.errors", "code", "AUTH_FAILED").count()).isEqualTo(2);
  }

  @Test
  void aTokenIsBoundToTheServerCertificateAndGoodForOnePresentationOnly() throws Exception {
    server = TestServer.start(data);
    long user;
    long device;
    byte[] token;
    try (RawConnection reg = RawConnection.tls(server)) {
      byte[] challenge = reg.hello().getLoginChallenge().toByteArray();
      reg.send(ClientFrame.newBuilder().setRequestId(2).setRegister(reg.register("carol", key, challenge)).build());
      var registered = reg.read().getRegistered();
      user = registered.getUserId();
      device = registered.getDeviceId();
      token = registered.getResumptionToken().toByteArray();
      assertThat(token).hasSize(48);
    }
    try (RawConnection c = RawConnection.tls(server)) {
      byte[] challenge = c.hello().getLoginChallenge().toByteArray();
      // A proof made for another certificate (as a man in the middle would relay it) is refused...
      byte[] otherCert = new byte[32];
      assertThat(resume(c, 2, challenge, otherCert, user, device, token).getError().getCode())
          .isEqualTo(ErrorCode.AUTH_FAILED);
      // ...and that presentation used the token up.
      assertThat(resume(c, 3, challenge, c.serverFingerprint(), user, device, token).getError().getCode())
          .isEqualTo(ErrorCode.AUTH_FAILED);
      // The connection is still open for a signed login, which brings a new token.
      byte[] transcript = LoginTranscript.forLogin(challenge, c.serverFingerprint(), user, device);
      c.send(ClientFrame.newBuilder().setRequestId(4).setLogin(Login.newBuilder().setUserId(user).setDeviceId(device)
          .setSignature(ByteString.copyFrom(key.sign(transcript)))).build());
      var loggedIn = c.read().getLoggedIn();
      assertThat(loggedIn.getResumed()).isFalse();
      token = loggedIn.getResumptionToken().toByteArray();
    }
    byte[] used = token;
    try (RawConnection c = RawConnection.tls(server)) {
      byte[] challenge = c.hello().getLoginChallenge().toByteArray();
      ServerFrame answer = resume(c, 2, challenge, c.serverFingerprint(), user, device, used);
      assertThat(answer.getLoggedIn().getResumed()).isTrue();
      assertThat(answer.getLoggedIn().getResumptionToken().toByteArray()).isNotEqualTo(used);
    }
    try (RawConnection c = RawConnection.tls(server)) {
      byte[] challenge = c.hello().getLoginChallenge().toByteArray();
      assertThat(resume(c, 2, challenge, c.serverFingerprint(), user, device, used).getError().getCode())
          .isEqualTo(ErrorCode.AUTH_FAILED);
    }
  }

  private static ServerFrame resume(
      RawConnection c, long rid, byte[] challenge, byte[] cert, long user, long device, byte[] token) throws Exception {
    byte[] id = Arrays.copyOf(token, 16);
    byte[] secret = Arrays.copyOfRange(token, 16, 48);
    byte[] proof = ResumptionProof.compute(secret, LoginTranscript.forResume(challenge, cert, user, device, id));
    c.send(ClientFrame.newBuilder().setRequestId(rid).setLogin(Login.newBuilder().setUserId(user).setDeviceId(device)
        .setResumptionId(ByteString.copyFrom(id)).setResumptionProof(ByteString.copyFrom(proof))).build());
    return c.read();
  }
}
