package dev.parley.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.auth.LoginTranscript;
import dev.parley.protocol.auth.ResumptionProof;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.Login;
import dev.parley.protocol.v1.Ping;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.server.config.AdmissionConfig.Shedding;
import dev.parley.server.testkit.Await;
import dev.parley.server.testkit.LiveServer;
import dev.parley.server.testkit.RawConnection;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestServer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Load shedding over real sockets: under load, ephemeral traffic goes first, then new sessions,
 * while an authenticated session's sends are acknowledged and delivered. The load is the server's
 * real signal (commit queue fill, event-loop lag) held against marks the test sets live through
 * {@link LimitsControl}: a mark of 0 is always reached (the loaded state, as an operator's drill
 * makes it), the largest marks never are (the load has cleared). Nothing here depends on timing.
 */
@Timeout(60)
class LoadSheddingTest {
  /** Every signal is past its mark: ephemeral traffic dropped, new sessions refused. */
  private static final Shedding LOADED = new Shedding(0, Duration.ZERO, Duration.ZERO);
  /** The loop lag is past the first mark only: ephemeral traffic dropped. */
  private static final Shedding BUSY = new Shedding(1, Duration.ZERO, Shedding.MAX_LAG);
  /** No signal reaches its mark. */
  private static final Shedding CLEAR = new Shedding(1, Shedding.MAX_LAG, Shedding.MAX_LAG);

  private static final AtomicInteger names = new AtomicInteger();

  @RegisterExtension final LiveServer live = LiveServer.withDefaults();

  @Test
  void underLoadNewSessionsWaitWhileAnAuthenticatedSessionKeepsSendingAndTypingIsDropped() throws Exception {
    TestClient alice = live.user("alice");
    TestClient bob = live.user("bob");
    Device carol = registerRaw("carol");
    LimitsControl limits = server().server().limits();
    limits.shedding(CLEAR);
    alice.sdk().typing("bob", true);
    assertThat(bob.awaitTyping().typing()).as("typing is relayed while the server is not loaded").isTrue();

    limits.shedding(LOADED);
    assertThat(limits.pressure()).isEqualTo(Pressure.SHED_NEW_SESSIONS);
    assertThat(server().meters().get("parley.admission.pressure").gauge().value()).isEqualTo(2);

    // A sign-up is told to come back later, on a connection that stays usable.
    try (RawConnection c = RawConnection.tls(server())) {
      byte[] challenge = c.hello().getLoginChallenge().toByteArray();
      ServerFrame refused = register(c, "late" + names.incrementAndGet(), challenge);
      assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.RETRY_LATER);
      assertThat(refused.getError().getRetryAfterMs()).isGreaterThanOrEqualTo(5_000);
      c.send(ClientFrame.newBuilder().setRequestId(9).setPing(Ping.newBuilder().setNonce(3)).build());
      assertThat(c.read().getPong().getNonce()).isEqualTo(3);
    }
    // A login that needs a signature check waits too; a returning device with a resumption token does not.
    try (RawConnection c = RawConnection.tls(server())) {
      byte[] challenge = c.hello().getLoginChallenge().toByteArray();
      ServerFrame signed = signedLogin(c, carol, challenge);
      assertThat(signed.getError().getCode()).isEqualTo(ErrorCode.RETRY_LATER);
      assertThat(signed.getError().getRetryAfterMs()).isGreaterThanOrEqualTo(2_000);
      ServerFrame resumed = resume(c, carol, challenge);
      assertThat(resumed.getLoggedIn().getResumed()).as(resumed.toString()).isTrue();
    }

    // The authenticated session goes on: its message is acknowledged and delivered; its typing is dropped.
    double dropped = dropped();
    alice.sdk().typing("bob", false);
    Await.until("the typing event dropped", () -> dropped() > dropped);
    assertThat(alice.send("bob", "under load").serverMsgId()).isPositive();
    assertThat(bob.awaitTexts(1)).containsExactly("under load");
    assertThat(bob.queuedTyping()).isZero();
    assertThat(refusals("register.shed")).isEqualTo(1);
    assertThat(refusals("login.shed")).isEqualTo(1);

    // Once the load clears, sign-ups and typing go through again.
    limits.shedding(CLEAR);
    assertThat(limits.pressure()).isEqualTo(Pressure.NORMAL);
    assertThat(registerRaw("later" + names.incrementAndGet())).isNotNull();
    alice.sdk().typing("bob", false); // "stopped typing" is never throttled, so this one must arrive
    assertThat(bob.awaitTyping().typing()).isFalse();
  }

  @Test
  void atTheFirstLevelOnlyEphemeralTrafficIsDropped() throws Exception {
    TestClient alice = live.user("alice");
    TestClient bob = live.user("bob");
    LimitsControl limits = server().server().limits();
    limits.shedding(BUSY);
    assertThat(limits.pressure()).isEqualTo(Pressure.SHED_EPHEMERAL);

    double dropped = dropped();
    alice.sdk().typing("bob", true);
    Await.until("the typing event dropped", () -> dropped() > dropped);
    assertThat(registerRaw("signup" + names.incrementAndGet())).as("sign-ups still go on").isNotNull();
    assertThat(alice.send("bob", "busy").serverMsgId()).isPositive();
    assertThat(bob.awaitTexts(1)).containsExactly("busy");
    assertThat(bob.queuedTyping()).isZero();
    assertThat(refusals("register.shed")).isZero();
  }

  // ---------------------------------------------------------------------------------------------

  /** A raw device: its ids, its key, and the resumption token of its last login. */
  record Device(long user, long device, IdentityKeyPair key, byte[] token) {}

  private TestServer server() {
    return live.server();
  }

  private Device registerRaw(String name) throws Exception {
    IdentityKeyPair key = IdentityKeyPair.generate(new SecureRandom());
    try (RawConnection c = RawConnection.tls(server())) {
      byte[] challenge = c.hello().getLoginChallenge().toByteArray();
      ServerFrame answer = register(c, name, key, challenge);
      assertThat(answer.hasRegistered()).as(answer.toString()).isTrue();
      var r = answer.getRegistered();
      return new Device(r.getUserId(), r.getDeviceId(), key, r.getResumptionToken().toByteArray());
    }
  }

  private static ServerFrame register(RawConnection c, String name, byte[] challenge) throws Exception {
    return register(c, name, IdentityKeyPair.generate(new SecureRandom()), challenge);
  }

  private static ServerFrame register(RawConnection c, String name, IdentityKeyPair key, byte[] challenge) throws Exception {
    c.send(ClientFrame.newBuilder().setRequestId(2).setRegister(c.register(name, key, challenge)).build());
    return c.read();
  }

  private static ServerFrame signedLogin(RawConnection c, Device d, byte[] challenge) throws Exception {
    byte[] transcript = LoginTranscript.forLogin(challenge, c.serverFingerprint(), d.user(), d.device());
    c.send(ClientFrame.newBuilder().setRequestId(4).setLogin(Login.newBuilder().setUserId(d.user()).setDeviceId(d.device())
        .setSignature(ByteString.copyFrom(d.key().sign(transcript)))).build());
    return c.read();
  }

  private static ServerFrame resume(RawConnection c, Device d, byte[] challenge) throws Exception {
    byte[] id = Arrays.copyOf(d.token(), 16);
    byte[] secret = Arrays.copyOfRange(d.token(), 16, 48);
    byte[] proof = ResumptionProof.compute(secret,
        LoginTranscript.forResume(challenge, c.serverFingerprint(), d.user(), d.device(), id));
    c.send(ClientFrame.newBuilder().setRequestId(5).setLogin(Login.newBuilder().setUserId(d.user()).setDeviceId(d.device())
        .setResumptionId(ByteString.copyFrom(id)).setResumptionProof(ByteString.copyFrom(proof))).build());
    return c.read();
  }

  private double dropped() {
    return server().meters().counter("parley.ephemeral.dropped").count();
  }

  private double refusals(String limit) {
    return server().meters().counter("parley.admission.refused", "limit", limit).count();
  }
}
