package dev.parley.protocol.sdk;

import com.google.protobuf.ByteString;
import dev.parley.crypto.tls.CertificateFingerprint;
import dev.parley.protocol.auth.LoginTranscript;
import dev.parley.protocol.auth.ResumptionProof;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.Ack;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.Deliver;
import dev.parley.protocol.v1.Envelope;
import dev.parley.protocol.v1.Error;
import dev.parley.protocol.v1.GoingAway;
import dev.parley.protocol.v1.Hello;
import dev.parley.protocol.v1.LinkDevice;
import dev.parley.protocol.v1.Login;
import dev.parley.protocol.v1.Ping;
import dev.parley.protocol.v1.Register;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.protocol.version.ProtocolVersion;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TLS connection of a {@link ParleyClient}: Hello, authentication, then frames in both
 * directions. Confined to the client's event loop. Reports to the client when it authenticated and
 * when it ended, with why.
 */
final class ClientConnection {
  private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

  private final ParleyClient client;
  private final Channel channel;
  private final AuthIntent intent;
  private byte[] serverFingerprint;
  private byte[] challenge;
  private boolean resuming;
  private long authRequestId;
  private boolean authenticated;
  private long ackDue;
  private long ackSent;
  private Throwable failure;
  private GoingAway goingAway;
  private long nonce;
  private boolean deliveriesPaused;
  private final java.util.Map<Long, Long> groupAckDue = new java.util.HashMap<>();
  private final java.util.Map<Long, Long> groupAckSent = new java.util.HashMap<>();

  ClientConnection(ParleyClient client, Channel channel, AuthIntent intent) {
    this.client = client;
    this.channel = channel;
    this.intent = intent;
  }

  Channel channel() {
    return channel;
  }

  boolean authenticated() {
    return authenticated;
  }

  void onTlsHandshake(SslHandshakeCompletionEvent event) {
    if (!event.isSuccess()) {
      onFailure(event.cause());
      channel.close();
      return;
    }
    try {
      Certificate[] chain = channel.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
      serverFingerprint = CertificateFingerprint.of((X509Certificate) chain[0]).sha256();
    } catch (SSLPeerUnverifiedException e) {
      onFailure(e);
      channel.close();
      return;
    }
    Hello hello =
        Hello.newBuilder().setProtocolVersion(ProtocolVersion.CURRENT).setClientName(client.config().clientName()).build();
    channel.writeAndFlush(ClientFrame.newBuilder().setHello(hello).build());
  }

  void onFrame(ServerFrame frame) {
    switch (frame.getBodyCase()) {
      case WELCOME -> {
        client.onWelcome(frame.getWelcome().getLimits());
        authenticate(frame.getWelcome().getLoginChallenge().toByteArray());
      }
      case REGISTERED -> {
        var r = frame.getRegistered();
        keepResumptionToken(r.getResumptionToken());
        onAuthenticated(new AccountInfo(r.getUserId(), r.getDeviceId(), r.getUsername(), intent.deviceName(), 0));
      }
      case LOGGED_IN -> {
        var l = frame.getLoggedIn();
        keepResumptionToken(l.getResumptionToken());
        onAuthenticated(new AccountInfo(l.getUserId(), l.getDeviceId(), l.getUsername(), "", 0));
      }
      case SEND_ACK -> client.onSendAck(frame.getRequestId(), frame.getSendAck());
      case DELIVER -> onDeliver(frame.getDeliver());
      case IDENTITY, PONG, PREKEYS_STORED, PREKEY_BUNDLES, DEVICE_LIST, DEVICE_REVOKED, LINK_CODE, GROUP_INFO,
          GROUP_LIST, MEMBER_LIST -> client.onResponse(frame);
      case GROUP_DELIVER -> onGroupDeliver(frame.getGroupDeliver());
      case TYPING_NOTICE -> {
        var t = frame.getTypingNotice();
        client.listener().onTyping(new TypingEvent(t.getUserId(), t.getUsername(), t.getGroupId(), t.getTyping()));
      }
      case PREKEYS_LOW -> client.onPrekeysLow();
      case GOING_AWAY -> goingAway = frame.getGoingAway();
      case ERROR -> onError(frame.getRequestId(), frame.getError());
      case BODY_NOT_SET -> log.debug("server frame without body ignored");
    }
  }

  private void authenticate(byte[] challenge) {
    this.challenge = challenge;
    authRequestId = client.nextRequestId();
    ClientFrame.Builder frame = ClientFrame.newBuilder().setRequestId(authRequestId);
    switch (intent) {
      case AuthIntent.RegisterDevice r -> {
        byte[] key = client.identity().publicKey().bytes();
        byte[] transcript = LoginTranscript.forRegister(challenge, serverFingerprint, key, r.username());
        frame.setRegister(
            Register.newBuilder()
                .setUsername(r.username())
                .setDeviceIdentityKey(ByteString.copyFrom(key))
                .setDeviceName(r.deviceName())
                .setSignature(ByteString.copyFrom(client.identity().sign(transcript))));
      }
      case AuthIntent.LinkNewDevice link -> {
        byte[] key = client.identity().publicKey().bytes();
        byte[] transcript = LoginTranscript.forLink(challenge, serverFingerprint, key, link.code());
        frame.setLinkDevice(
            LinkDevice.newBuilder()
                .setCode(link.code())
                .setDeviceIdentityKey(ByteString.copyFrom(key))
                .setDeviceName(link.deviceName())
                .setSignature(ByteString.copyFrom(client.identity().sign(transcript))));
      }
      case AuthIntent.LoginDevice l -> frame.setLogin(resumedLogin(l).orElseGet(() -> signedLogin(l)));
    }
    channel.writeAndFlush(frame.build());
  }

  private Login signedLogin(AuthIntent.LoginDevice l) {
    byte[] transcript = LoginTranscript.forLogin(challenge, serverFingerprint, l.userId(), l.deviceId());
    return Login.newBuilder()
        .setUserId(l.userId())
        .setDeviceId(l.deviceId())
        .setSignature(ByteString.copyFrom(client.identity().sign(transcript)))
        .build();
  }

  /**
   * A login with the stored resumption token, if there is one from this very server certificate:
   * no signature, an HMAC under the token's secret instead. The token is used up either way.
   */
  private java.util.Optional<Login> resumedLogin(AuthIntent.LoginDevice l) {
    java.util.Optional<byte[]> stored = client.resumption().load();
    if (stored.isEmpty()) return java.util.Optional.empty();
    client.resumption().clear();
    byte[] r = stored.get();
    int fp = 32;
    int id = LoginTranscript.RESUMPTION_ID_BYTES;
    if (r.length != fp + id + ResumptionProof.SECRET_BYTES
        || !java.security.MessageDigest.isEqual(java.util.Arrays.copyOf(r, fp), serverFingerprint)) {
      return java.util.Optional.empty();
    }
    byte[] resumptionId = java.util.Arrays.copyOfRange(r, fp, fp + id);
    byte[] secret = java.util.Arrays.copyOfRange(r, fp + id, r.length);
    byte[] transcript = LoginTranscript.forResume(challenge, serverFingerprint, l.userId(), l.deviceId(), resumptionId);
    resuming = true;
    return java.util.Optional.of(Login.newBuilder()
        .setUserId(l.userId())
        .setDeviceId(l.deviceId())
        .setResumptionId(ByteString.copyFrom(resumptionId))
        .setResumptionProof(ByteString.copyFrom(ResumptionProof.compute(secret, transcript)))
        .build());
  }

  /** Stored with the certificate it was issued under, and only ever offered to that one. */
  private void keepResumptionToken(ByteString token) {
    if (token.isEmpty()) return;
    byte[] r = new byte[32 + token.size()];
    System.arraycopy(serverFingerprint, 0, r, 0, 32);
    token.copyTo(r, 32);
    client.resumption().save(r);
  }

  private void onAuthenticated(AccountInfo info) {
    authenticated = true;
    ackSent = client.cursor().load();
    client.onAuthenticated(this, info);
  }

  private void onError(long requestId, Error error) {
    ParleyException e =
        new ParleyException(
            error.getCode(), error.getMessage(), Duration.ofMillis(error.getRetryAfterMs()),
            error.getMissingDeviceIdsList(), error.getExtraDeviceIdsList());
    if (requestId != 0 && requestId == authRequestId && resuming && error.getCode() == ErrorCode.AUTH_FAILED
        && intent instanceof AuthIntent.LoginDevice l) {
      // A stale, expired or forged token: the connection is still open, log in the full way on it.
      resuming = false;
      authRequestId = client.nextRequestId();
      channel.writeAndFlush(ClientFrame.newBuilder().setRequestId(authRequestId).setLogin(signedLogin(l)).build());
    } else if (requestId != 0 && requestId == authRequestId) {
      client.onAuthRefused(this, e);
    } else if (requestId == 0 || !client.onRequestError(requestId, e)) {
      failure = e; // a connection-level error: the server closes next
    }
  }

  private void onDeliver(Deliver d) {
    long seq = d.getSeq();
    if (deliveriesPaused) return;
    if (seq > client.cursor().load() && expired(d.getEnvelope().getExpiresAtMs())) {
      // A disappearing message whose time ran out on the way is never shown; acknowledging it is enough.
      client.cursor().store(seq);
    } else if (seq > client.cursor().load()) {
      Envelope e = d.getEnvelope();
      Sealer.Opened opened;
      try {
        opened = client.sealer().open(e.getSenderUserId(), e.getSenderDeviceId(), e.getBody().toByteArray());
      } catch (Sealer.Unreadable u) {
        // Never readable, whatever happens: report it and acknowledge it so it does not block the inbox.
        log.warn("undecryptable message seq={} from user={} device={}: {}", seq, e.getSenderUserId(),
            e.getSenderDeviceId(), u.getMessage());
        client.listener().onUndecryptable(seq, e.getSenderUserId(), e.getSenderDeviceId(), u.getMessage());
        client.cursor().store(seq);
        ackDue = Math.max(ackDue, seq);
        return;
      }
      noteSenderIdentity(e);
      InboundMessage m =
          new InboundMessage(
              seq, e.getServerMsgId(), e.getSenderUserId(), e.getSenderDeviceId(), e.getSenderUsername(),
              e.getRecipientUserId(), e.getServerTimeMs(), e.getClientMsgId().toByteArray(), opened.body,
              e.getExpiresAtMs(), client.account() != null && e.getSenderUserId() == client.account().userId());
      boolean accepted;
      try {
        accepted = client.listener().onMessage(m);
      } catch (RuntimeException ex) {
        // Not acknowledged: reconnect so that the server delivers it again.
        log.warn("message listener failed at seq {}; reconnecting to get it again", seq, ex);
        deliveriesPaused = true;
        channel.close();
        return;
      }
      if (!accepted) {
        deliveriesPaused = true;
        return;
      }
      opened.commit();
      client.cursor().store(seq);
    }
    ackDue = Math.max(ackDue, seq);
  }

  /** A first message names its sender's identity key: remember it, and warn when it is news. */
  private void noteSenderIdentity(Envelope e) {
    Sealer.senderIdentity(e.getBody().toByteArray()).ifPresent(key ->
        client.keyring()
            .learn(e.getSenderUserId(), e.getSenderUsername(), e.getSenderDeviceId(), key.bytes())
            .ifPresent(kind -> client.warn(
                new IdentityWarning(e.getSenderUserId(), e.getSenderUsername(), e.getSenderDeviceId(), kind))));
  }

  private void onGroupDeliver(dev.parley.protocol.v1.GroupDeliver d) {
    if (deliveriesPaused) return;
    long group = d.getGroupId();
    long seq = d.getSeq();
    if (seq > client.groupCursors().load(group) && expired(d.getEnvelope().getExpiresAtMs())) {
      client.groupCursors().store(group, seq);
    } else if (seq > client.groupCursors().load(group)) {
      var e = d.getEnvelope();
      GroupMessage m = new GroupMessage(
          group, e.getGroupName(), e.getKind() == dev.parley.protocol.v1.ConversationKind.CHANNEL, seq,
          e.getServerMsgId(), e.getSenderUserId(), e.getSenderDeviceId(), e.getSenderUsername(), e.getServerTimeMs(),
          e.getBody().toByteArray(), e.getExpiresAtMs());
      boolean accepted;
      try {
        accepted = client.listener().onGroupMessage(m);
      } catch (RuntimeException ex) {
        log.warn("group listener failed at group {} seq {}; reconnecting to get it again", group, seq, ex);
        deliveriesPaused = true;
        channel.close();
        return;
      }
      if (!accepted) {
        deliveriesPaused = true;
        return;
      }
      client.groupCursors().store(group, seq);
    }
    groupAckDue.merge(group, seq, Math::max);
  }

  private boolean expired(long expiresAtMs) {
    return expiresAtMs != 0 && expiresAtMs <= client.clock().millis();
  }

  /** End of a read burst: one cumulative ack for everything handled in it (per log). */
  void onReadComplete() {
    if (ackDue > ackSent && authenticated) {
      ackSent = ackDue;
      channel.write(ClientFrame.newBuilder().setAck(Ack.newBuilder().setUpToSeq(ackDue)).build());
    }
    if (authenticated) {
      groupAckDue.forEach((group, seq) -> {
        if (seq > groupAckSent.getOrDefault(group, 0L)) {
          groupAckSent.put(group, seq);
          channel.write(ClientFrame.newBuilder()
              .setGroupAck(dev.parley.protocol.v1.GroupAck.newBuilder().setGroupId(group).setUpToSeq(seq)).build());
        }
      });
    }
  }

  void onWriterIdle() {
    channel.writeAndFlush(ClientFrame.newBuilder().setPing(Ping.newBuilder().setNonce(++nonce)).build());
  }

  void onReaderIdle() {
    onFailure(new ConnectionException("no data from the server within the idle timeout", null));
    channel.close();
  }

  void onFailure(Throwable cause) {
    if (failure == null) failure = cause;
  }

  void onClosed() {
    client.onConnectionClosed(this, failure, goingAway);
  }
}
