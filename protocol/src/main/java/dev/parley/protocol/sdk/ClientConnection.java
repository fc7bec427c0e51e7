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
  private final GapFiller gaps;
  private final GroupReceiver groups;

  ClientConnection(ParleyClient client, Channel channel, AuthIntent intent) {
    this.client = client;
    this.channel = channel;
    this.intent = intent;
    this.groups = new GroupReceiver(client, this);
    this.gaps = new GapFiller(client, new GapFiller.Handoff() {
      @Override
      public void deliver(Deliver d) {
        onDeliver(d);
      }

      @Override
      public void groupDeliver(dev.parley.protocol.v1.GroupDeliver d) {
        groups.onDeliver(d);
      }

      @Override
      public long groupPosition(long group) {
        return groups.position(group);
      }

      @Override
      public void advanceGroup(long group, long seq) {
        groups.advance(group, seq);
      }

      @Override
      public boolean paused() {
        return deliveriesPaused;
      }

      @Override
      public java.util.concurrent.CompletableFuture<ServerFrame> request(ClientFrame.Builder frame) {
        return client.request(frame);
      }
    }, client.syncPageLimit());
  }

  GapFiller gaps() {
    return gaps;
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
      case DELIVER -> {
        if (gaps.admit(frame.getDeliver())) onDeliver(frame.getDeliver());
      }
      case IDENTITY, PONG, PREKEYS_STORED, PREKEY_BUNDLES, DEVICE_LIST, DEVICE_REVOKED, LINK_CODE, GROUP_INFO,
          GROUP_LIST, MEMBER_LIST, SYNC_PAGE, SYNC_STATE, GROUP_DEVICES, PRESENCE_PRIVACY, CONTACTS_UPDATED,
          PRESENCE_LIST -> client.onResponse(frame);
      case PRESENCE_NOTICE -> client.listener().onPresence(PresenceInfo.of(frame.getPresenceNotice().getPresence()));
      case GROUP_DELIVER -> {
        if (gaps.admit(frame.getGroupDeliver())) groups.onDeliver(frame.getGroupDeliver());
      }
      case GROUP_DELETED -> {
        if (frame.getRequestId() != 0) client.onResponse(frame);
        else client.listener().onGroupDeleted(frame.getGroupDeleted().getGroupId(), frame.getGroupDeleted().getName());
      }
      case GROUP_UPDATED -> client.onGroupUpdated(GroupUpdate.of(frame.getGroupUpdated()));
      case TYPING_NOTICE -> {
        var t = frame.getTypingNotice();
        client.listener().onTyping(new TypingEvent(t.getUserId(), t.getUsername(), t.getGroupId(), t.getTyping()));
      }
      case SERVER_NOTICE ->
          client.listener().onServerNotice(frame.getServerNotice().getText(), frame.getServerNotice().getSentAtMs());
      case PREKEYS_LOW -> client.onPrekeysLow();
      case GOING_AWAY -> goingAway = frame.getGoingAway();
      case ERROR -> onError(frame.getRequestId(), frame.getError());
      case BODY_NOT_SET -> log.debug("server frame without body ignored");
      default -> {
        // A newer kind of answer is still an answer: whoever asked gets it. Unknown pushes are ignored.
        if (frame.getRequestId() != 0) client.onResponse(frame);
        else log.debug("pushed {} ignored", frame.getBodyCase());
      }
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
                .setInviteCode(r.inviteCode())
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
      if (opened.content.hasSenderKey()) {
        // A member's sender key for a group: kept with the session that carried it, never shown.
        long group = client.groupOpener().accept(e.getSenderUserId(), e.getSenderDeviceId(), opened.content.getSenderKey());
        if (group == 0) log.warn("malformed sender key from user={} device={}", e.getSenderUserId(), e.getSenderDeviceId());
        opened.commit();
        client.cursor().store(seq);
        ackDue = Math.max(ackDue, seq);
        if (group != 0) groups.onKeyArrived(group);
        return;
      }
      boolean fromThisAccount = client.account() != null && e.getSenderUserId() == client.account().userId();
      if (opened.content.hasReceipt()) {
        if (!handReceipt(seq, e, opened.content.getReceipt(), fromThisAccount)) return;
      } else {
        if (!hand(() -> client.inbound().direct(seq, e, opened.content), "message listener failed at seq " + seq)) return;
        var c = opened.content;
        if (!fromThisAccount && !c.hasEdit() && !c.hasDelete() && !c.hasReaction() && !c.hasTimer()) {
          client.receipts().delivered(e.getSenderUsername(), e.getClientMsgId().toByteArray());
        }
      }
      opened.commit();
      client.cursor().store(seq);
    }
    ackDue = Math.max(ackDue, seq);
  }

  /**
   * Hands a receipt to the application; false when it was left (or the listener failed) and
   * deliveries stop. Delivered receipts from this account's own devices (they go to every device of
   * the account by the Send rule) mean nothing here and are only acknowledged.
   */
  private boolean handReceipt(
      long seq, Envelope e, dev.parley.protocol.sdk.e2e.proto.ReceiptContent r, boolean fromThisAccount) {
    Receipt.Kind kind = switch (r.getType()) {
      case DELIVERED -> Receipt.Kind.DELIVERED;
      case READ -> Receipt.Kind.READ;
      case RECEIPT_TYPE_UNSPECIFIED, UNRECOGNIZED -> null;
    };
    if (kind == null || (fromThisAccount && kind == Receipt.Kind.DELIVERED)) return true;
    Receipt receipt = new Receipt(
        kind, e.getSenderUserId(), e.getSenderUsername(), e.getSenderDeviceId(), e.getRecipientUserId(), fromThisAccount,
        r.getClientMsgIdsList().stream().map(com.google.protobuf.ByteString::toByteArray).toList(), r.getGroupId(),
        r.getGroupSeqsList(), e.getServerTimeMs());
    return hand(() -> client.listener().onReceipt(receipt), "receipt listener failed at seq " + seq);
  }

  /**
   * Runs a listener callback that decides whether a delivery is handled. False (left for the next
   * connection) pauses deliveries; a throwing listener also reconnects so the server delivers again.
   */
  private boolean hand(java.util.function.BooleanSupplier listener, String failure) {
    boolean accepted;
    try {
      accepted = listener.getAsBoolean();
    } catch (RuntimeException ex) {
      log.warn("{}; reconnecting to get it again", failure, ex);
      deliveriesPaused = true;
      channel.close();
      return false;
    }
    if (!accepted) deliveriesPaused = true;
    return accepted;
  }

  /** A first message names its sender's identity key: remember it, and warn when it is news. */
  private void noteSenderIdentity(Envelope e) {
    Sealer.senderIdentity(e.getBody().toByteArray()).ifPresent(key ->
        client.keyring()
            .learn(e.getSenderUserId(), e.getSenderUsername(), e.getSenderDeviceId(), key.bytes())
            .ifPresent(kind -> client.warn(
                new IdentityWarning(e.getSenderUserId(), e.getSenderUsername(), e.getSenderDeviceId(), kind))));
  }

  boolean deliveriesPaused() {
    return deliveriesPaused;
  }

  /** Stops handing anything over on this connection; {@code reconnect} closes it to get it all again. */
  void pauseDeliveries(boolean reconnect) {
    deliveriesPaused = true;
    if (reconnect) channel.close();
  }

  void groupAckDue(long group, long seq) {
    groupAckDue.merge(group, seq, Math::max);
  }

  /** Acknowledges what was handled outside a read burst (held group posts released later). */
  void flushAcks() {
    onReadComplete();
    channel.flush();
  }

  private boolean expired(long expiresAtMs) {
    return expiresAtMs != 0 && expiresAtMs <= client.clock().millis();
  }

  /**
   * End of a read burst: one cumulative ack for everything handled in it (per log), written only
   * after the session and sender-key steps that opened those messages are saved: once acknowledged,
   * the server never delivers them again.
   */
  void onReadComplete() {
    if (authenticated && acksDue()) client.keyring().saveIfChanged();
    if (authenticated) client.receipts().flush();
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

  private boolean acksDue() {
    if (ackDue > ackSent) return true;
    for (var due : groupAckDue.entrySet()) {
      if (due.getValue() > groupAckSent.getOrDefault(due.getKey(), 0L)) return true;
    }
    return false;
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
    gaps.stop();
    client.onConnectionClosed(this, failure, goingAway);
  }
}
