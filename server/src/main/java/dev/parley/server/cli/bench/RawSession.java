package dev.parley.server.cli.bench;

import com.google.protobuf.ByteString;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.tls.CertificateFingerprint;
import dev.parley.protocol.auth.LoginTranscript;
import dev.parley.protocol.auth.ResumptionProof;
import dev.parley.protocol.frame.FrameEncoder;
import dev.parley.protocol.frame.ProtoFrameDecoder;
import dev.parley.protocol.frame.VarintFrameDecoder;
import dev.parley.protocol.sdk.ParleyException;
import dev.parley.protocol.sdk.ServerAddress;
import dev.parley.protocol.transport.NettyTransport;
import dev.parley.protocol.v1.Ack;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.DeviceMessage;
import dev.parley.protocol.v1.Goodbye;
import dev.parley.protocol.v1.Hello;
import dev.parley.protocol.v1.Login;
import dev.parley.protocol.v1.Ping;
import dev.parley.protocol.v1.Register;
import dev.parley.protocol.v1.Send;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.protocol.version.ProtocolVersion;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One raw protocol connection: TLS, Hello, Register or Login, then requests (Sends and any other)
 * and Deliveries with one cumulative Ack per read burst, and a Ping when idle for 25 s. An optional
 * {@code pushes} handler sees the frames before they are parsed and may take some (group posts, see
 * {@link RawGroupReceiver}). Confined to its event loop; public entry points hop onto it. Failures
 * complete the pending futures exceptionally with a {@link ParleyException} (server refusals) or an
 * {@link IllegalStateException} (connection lost).
 */
final class RawSession extends SimpleChannelInboundHandler<ServerFrame> {
  private static final int MAX_FRAME_BYTES = 1 << 20;

  /** How the session authenticates. */
  sealed interface Auth {
    record Register(String username, IdentityKeyPair identity) implements Auth {}

    /**
     * {@code resumptionToken}: the one-time token of the last login (48 bytes: id and secret), which
     * replaces the signature as the SDK does; null signs.
     */
    record Login(long userId, long deviceId, IdentityKeyPair identity, byte[] resumptionToken) implements Auth {}
  }

  /** What the session hands to its device. */
  interface Events {
    void onDeliver(byte[] body);
  }

  private final EventLoop loop;
  private final Auth auth;
  private final Events events;
  private final CertificateFingerprint expected;
  private final CompletableFuture<long[]> ready = new CompletableFuture<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final Map<Long, CompletableFuture<ServerFrame>> pending = new HashMap<>();
  private Channel channel;
  private byte[] serverFingerprint;
  private long nextRequestId = 1;
  private volatile boolean authenticated;
  /** The resumption token the server gave at this session's login, or null. */
  private volatile byte[] resumptionToken;
  private long ackDue;
  private long ackSent;
  private long pingNonce;

  private RawSession(EventLoop loop, Auth auth, Events events, CertificateFingerprint expected) {
    this.loop = loop;
    this.auth = auth;
    this.events = events;
    this.expected = expected;
  }

  static RawSession connect(
      EventLoop loop, NettyTransport transport, SslContext ssl, ServerAddress server, CertificateFingerprint expected,
      Auth auth, Events events, ChannelHandler pushes) {
    RawSession session = new RawSession(loop, auth, events, expected);
    new Bootstrap().group(loop).channel(transport.socketChannel())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            session.channel = ch;
            ch.pipeline()
                .addLast("tls", ssl.newHandler(ch.alloc(), server.host(), server.port()))
                .addLast("frames", new VarintFrameDecoder(MAX_FRAME_BYTES));
            if (pushes != null) ch.pipeline().addLast("pushes", pushes);
            ch.pipeline()
                .addLast("proto", ProtoFrameDecoder.SERVER_FRAMES)
                .addLast("encoder", FrameEncoder.INSTANCE)
                .addLast("idle", new IdleStateHandler(0, 25, 0, TimeUnit.SECONDS))
                .addLast("session", session);
          }
        })
        .connect(server.host(), server.port())
        .addListener(f -> {
          if (!f.isSuccess()) session.fail(new IllegalStateException("cannot connect to " + server, f.cause()));
        });
    return session;
  }

  /** Completes with {user id, device id} once authenticated. */
  /** The one-time token for this device's next login, once authenticated (null before, or if none). */
  byte[] resumptionToken() {
    return resumptionToken;
  }

  CompletableFuture<long[]> ready() {
    return ready;
  }

  boolean authenticated() {
    return authenticated;
  }

  /** Sends one message with the same payload for the recipient's single device. */
  CompletableFuture<Void> send(long toUser, long toDevice, byte[] clientMsgId, byte[] payload) {
    return request(ClientFrame.newBuilder().setSend(Send.newBuilder()
        .setRecipientUserId(toUser).setClientMsgId(ByteString.copyFrom(clientMsgId))
        .addDeviceMessages(DeviceMessage.newBuilder().setDeviceId(toDevice).setCiphertext(ByteString.copyFrom(payload)))))
        .thenApply(answer -> null);
  }

  /**
   * Sends {@code frame} with the next request id; completes (on the loop) with the server's answer,
   * or exceptionally with its Error.
   */
  CompletableFuture<ServerFrame> request(ClientFrame.Builder frame) {
    CompletableFuture<ServerFrame> answer = new CompletableFuture<>();
    loop.execute(() -> {
      if (!authenticated || !channel.isActive()) {
        answer.completeExceptionally(new IllegalStateException("not connected"));
        return;
      }
      long id = nextRequestId++;
      pending.put(id, answer);
      channel.writeAndFlush(frame.setRequestId(id).build());
    });
    return answer;
  }

  /** Says goodbye and closes; completes once the channel is closed. */
  CompletableFuture<Void> close() {
    loop.execute(() -> {
      if (channel == null || !channel.isActive()) {
        closed.complete(null);
        return;
      }
      flushAck();
      channel.writeAndFlush(ClientFrame.newBuilder().setGoodbye(Goodbye.getDefaultInstance()).build())
          .addListener(f -> channel.close());
    });
    return closed;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent done) {
      if (!done.isSuccess()) {
        fail(new IllegalStateException("TLS handshake failed", done.cause()));
        ctx.close();
        return;
      }
      try {
        X509Certificate cert = (X509Certificate) ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates()[0];
        CertificateFingerprint presented = CertificateFingerprint.of(cert);
        if (expected != null && !expected.equals(presented)) throw new IllegalStateException("unexpected server certificate");
        serverFingerprint = presented.sha256();
      } catch (Exception e) {
        fail(e instanceof IllegalStateException ise ? ise : new IllegalStateException(e));
        ctx.close();
        return;
      }
      ctx.writeAndFlush(ClientFrame.newBuilder().setHello(Hello.newBuilder()
          .setProtocolVersion(ProtocolVersion.CURRENT).setClientName("parley-bench-raw")).build());
    } else if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.WRITER_IDLE) {
      ctx.writeAndFlush(ClientFrame.newBuilder().setPing(Ping.newBuilder().setNonce(++pingNonce)).build());
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ServerFrame f) {
    switch (f.getBodyCase()) {
      case WELCOME -> authenticate(ctx, f.getWelcome().getLoginChallenge().toByteArray());
      case REGISTERED -> onAuthenticated(
          f.getRegistered().getUserId(), f.getRegistered().getDeviceId(), f.getRegistered().getResumptionToken());
      case LOGGED_IN -> onAuthenticated(
          f.getLoggedIn().getUserId(), f.getLoggedIn().getDeviceId(), f.getLoggedIn().getResumptionToken());
      case DELIVER -> {
        ackDue = Math.max(ackDue, f.getDeliver().getSeq());
        events.onDeliver(f.getDeliver().getEnvelope().getBody().toByteArray());
      }
      case ERROR -> {
        var e = f.getError();
        ParleyException refusal = new ParleyException(e.getCode(), e.getMessage(), Duration.ofMillis(e.getRetryAfterMs()));
        CompletableFuture<ServerFrame> p = pending.remove(f.getRequestId());
        if (p != null) p.completeExceptionally(refusal);
        else fail(refusal);
      }
      default -> {
        // An answer (SendAck, GroupInfo...) goes to its request. Pongs, prekey notices, going-away:
        // nothing for a bench device to do.
        CompletableFuture<ServerFrame> p = f.getRequestId() == 0 ? null : pending.remove(f.getRequestId());
        if (p != null) p.complete(f);
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    flushAck();
    ctx.flush();
  }

  private void flushAck() {
    if (authenticated && ackDue > ackSent) {
      ackSent = ackDue;
      channel.write(ClientFrame.newBuilder().setAck(Ack.newBuilder().setUpToSeq(ackDue)).build());
    }
  }

  private void authenticate(ChannelHandlerContext ctx, byte[] challenge) {
    ClientFrame.Builder frame = ClientFrame.newBuilder().setRequestId(nextRequestId++);
    switch (auth) {
      case Auth.Register r -> {
        byte[] key = r.identity().publicKey().bytes();
        byte[] transcript = LoginTranscript.forRegister(challenge, serverFingerprint, key, r.username());
        frame.setRegister(Register.newBuilder().setUsername(r.username()).setDeviceIdentityKey(ByteString.copyFrom(key))
            .setDeviceName("bench").setSignature(ByteString.copyFrom(r.identity().sign(transcript))));
      }
      case Auth.Login l when l.resumptionToken() != null
          && l.resumptionToken().length == LoginTranscript.RESUMPTION_ID_BYTES + ResumptionProof.SECRET_BYTES -> {
        byte[] id = Arrays.copyOf(l.resumptionToken(), LoginTranscript.RESUMPTION_ID_BYTES);
        byte[] secret = Arrays.copyOfRange(l.resumptionToken(), LoginTranscript.RESUMPTION_ID_BYTES, l.resumptionToken().length);
        byte[] transcript = LoginTranscript.forResume(challenge, serverFingerprint, l.userId(), l.deviceId(), id);
        frame.setLogin(Login.newBuilder().setUserId(l.userId()).setDeviceId(l.deviceId())
            .setResumptionId(ByteString.copyFrom(id))
            .setResumptionProof(ByteString.copyFrom(ResumptionProof.compute(secret, transcript))));
      }
      case Auth.Login l -> {
        byte[] transcript = LoginTranscript.forLogin(challenge, serverFingerprint, l.userId(), l.deviceId());
        frame.setLogin(Login.newBuilder().setUserId(l.userId()).setDeviceId(l.deviceId())
            .setSignature(ByteString.copyFrom(l.identity().sign(transcript))));
      }
    }
    ctx.writeAndFlush(frame.build());
  }

  private void onAuthenticated(long userId, long deviceId, ByteString token) {
    resumptionToken = token.toByteArray();
    authenticated = true;
    ready.complete(new long[] {userId, deviceId});
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(new IllegalStateException("connection failed", cause));
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    authenticated = false;
    fail(new IllegalStateException("connection closed"));
    closed.complete(null);
  }

  private void fail(Exception e) {
    ready.completeExceptionally(e);
    pending.values().forEach(p -> p.completeExceptionally(e));
    pending.clear();
    if (channel == null || !channel.isRegistered()) closed.complete(null);
  }
}
