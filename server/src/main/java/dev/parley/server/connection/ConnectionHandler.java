package dev.parley.server.connection;

import com.google.protobuf.ByteString;
import dev.parley.protocol.error.ProtocolException;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.GoingAwayReason;
import dev.parley.protocol.v1.Hello;
import dev.parley.protocol.v1.LoggedIn;
import dev.parley.protocol.v1.Pong;
import dev.parley.protocol.v1.Registered;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.protocol.v1.Welcome;
import dev.parley.protocol.version.ProtocolVersion;
import dev.parley.server.account.AuthOutcome;
import dev.parley.server.account.AuthenticatedDevice;
import dev.parley.server.admission.Handshake;
import dev.parley.server.admission.Verdict;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.connection.ConnState.AwaitingHello;
import dev.parley.server.connection.ConnState.Authenticated;
import dev.parley.server.connection.ConnState.Authenticating;
import dev.parley.server.connection.ConnState.Closing;
import dev.parley.server.connection.ConnState.Unauthenticated;
import dev.parley.server.delivery.DeliveryPump;
import dev.parley.server.delivery.InboxSource;
import dev.parley.server.group.GroupSource;
import dev.parley.storage.group.GroupEntry;
import dev.parley.storage.inbox.InboxEntry;
import dev.parley.server.messaging.PreparedSend;
import dev.parley.server.messaging.SendOutcome;
import dev.parley.server.refusal.Refusal;
import dev.parley.protocol.auth.LoginTranscript;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's state machine: Hello, then Register or Login within the handshake
 * deadline, then an authenticated session that sends, receives and acknowledges messages.
 *
 * <p>Confined to the channel's event loop. Disk work runs in services that return futures; their
 * completions hop back onto this loop. A login's signature check runs on the storage read thread
 * that fetched the device key; a registration's (about 50 us with Bouncy Castle) runs here, before
 * anything is queued for the disk. A client that sends
 * faster than the disk takes stops being read (autoRead off); a client that stops reading stops
 * getting pushes and is closed once its socket stays unwritable past the write-stall timeout.
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);

  private final Services services;
  private final ServerConfig config;
  private ChannelHandlerContext ctx;
  private ConnState state = new AwaitingHello();
  private ScheduledFuture<?> handshakeDeadline;
  private Handshake handshake;
  private Backpressure backpressure;
  private InOrder sends;
  private DirectoryRequests directory;
  private boolean reading;
  private long lastTypingNs = Long.MIN_VALUE / 2;
  private static final long TYPING_INTERVAL_NS = 300_000_000L;
  /** How long a connection that said GoingAway waits for the client to close its side. */
  private static final Duration GOING_AWAY_LINGER = Duration.ofSeconds(5);

  public ConnectionHandler(Services services) {
    this.services = services;
    this.config = services.config();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    backpressure = new Backpressure(
        ctx.channel(), config.limits().maxInFlightSends(), config.timeouts().writeStall(), this::writeStalled,
        config.admission().maxQueuedBytesPerConnection(), this::outboundOverflow);
    handshake = services.admission().openHandshake();
    services.metrics().connections().incrementAndGet();
    handshakeDeadline =
        ctx.executor().schedule(this::handshakeExpired, config.timeouts().handshake().toMillis(), TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    services.metrics().connections().decrementAndGet();
    cancel(handshakeDeadline);
    if (handshake != null) handshake.release();
    if (backpressure != null) backpressure.stop();
    if (state instanceof Authenticated a) {
      a.session().stopPumps();
      services.router().unregister(a.session());
      services.presence().disconnected(a.session());
      log.debug("session ended user={} device={}", a.session().authenticated().user(), a.session().device());
    }
    state = new Closing(state instanceof Closing c ? c.reason() : CloseReason.CLIENT_GOODBYE);
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ClientFrame frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (frame.getBodyCase() == ClientFrame.BodyCase.GOODBYE) {
      close(CloseReason.CLIENT_GOODBYE);
      return;
    }
    reading = true;
    state =
        switch (state) {
          case AwaitingHello s -> onHello(frame);
          case Unauthenticated s -> onUnauthenticated(s, frame);
          case Authenticating s -> onAuthenticating(s, frame);
          case Authenticated s -> onSession(s, frame);
          case Closing s -> s;
        };
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    reading = false;
    if (state instanceof Authenticated a) a.session().persistAcks();
    ctx.flush();
  }

  private ConnState onHello(ClientFrame f) {
    if (f.getBodyCase() != ClientFrame.BodyCase.HELLO) {
      return fail(f.getRequestId(), ErrorCode.UNEXPECTED_FRAME, "expected Hello, got " + f.getBodyCase());
    }
    Hello hello = f.getHello();
    if (!ProtocolVersion.supported(hello.getProtocolVersion())) {
      return fail(
          f.getRequestId(),
          ErrorCode.UNSUPPORTED_VERSION,
          "protocol version " + hello.getProtocolVersion() + " is not supported; this server speaks "
              + ProtocolVersion.MIN + " to " + ProtocolVersion.MAX);
    }
    if (handshake.overLimit()) return fail(f.getRequestId(), services.admission().handshakeRefusal(), CloseReason.OVERLOADED);
    byte[] challenge = new byte[LoginTranscript.CHALLENGE_BYTES];
    services.random().nextBytes(challenge);
    Welcome welcome =
        Welcome.newBuilder()
            .setServerVersion(services.serverVersion())
            .setProtocolVersion(ProtocolVersion.CURRENT)
            .setLimits(Frames.limits(config))
            .setLoginChallenge(ByteString.copyFrom(challenge))
            .build();
    reply(f.getRequestId(), ServerFrame.newBuilder().setWelcome(welcome));
    return new Unauthenticated(challenge);
  }

  private ConnState onUnauthenticated(Unauthenticated s, ClientFrame f) {
    long rid = f.getRequestId();
    return switch (f.getBodyCase()) {
      case REGISTER -> admitted(s, rid, services.admission().register(source()),
          () -> services.accounts().register(f.getRegister(), s.challenge()));
      case LOGIN -> admitted(s, rid,
          services.admission().login(source(), f.getLogin().getUserId(), !f.getLogin().getResumptionId().isEmpty()),
          () -> services.accounts().login(f.getLogin(), s.challenge()));
      case LINK_DEVICE -> admitted(s, rid, services.admission().register(source()),
          () -> services.devices().link(f.getLinkDevice(), s.challenge()));
      case PING -> pong(s, f);
      // Every request of a session, whatever it is, needs a login first.
      case HELLO, BODY_NOT_SET -> fail(rid, ErrorCode.UNEXPECTED_FRAME, "unexpected " + f.getBodyCase() + " before login");
      default -> fail(rid, ErrorCode.NOT_AUTHENTICATED, "log in or register first");
    };
  }

  /** Starts an authentication that admission control let through, or answers RETRY_LATER. */
  private ConnState admitted(Unauthenticated s, long rid, Verdict v, Supplier<CompletableFuture<AuthOutcome>> work) {
    if (v instanceof Verdict.Refused r) {
      services.metrics().error(r.refusal().code());
      ctx.writeAndFlush(Frames.error(rid, r.refusal()));
      return s;
    }
    return authenticate(s.challenge(), rid, work.get());
  }

  private InetAddress source() {
    return ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
  }

  private ConnState authenticate(byte[] challenge, long rid, CompletableFuture<AuthOutcome> outcome) {
    outcome.whenCompleteAsync(onLoop((o, err) -> authenticated(challenge, rid, o, err)), ctx.executor());
    return new Authenticating(challenge);
  }

  private ConnState onAuthenticating(Authenticating s, ClientFrame f) {
    if (f.getBodyCase() == ClientFrame.BodyCase.PING) return pong(s, f);
    return fail(f.getRequestId(), ErrorCode.UNEXPECTED_FRAME, "wait for the login answer before sending more");
  }

  private void authenticated(byte[] challenge, long rid, AuthOutcome outcome, Throwable err) {
    services.admission().authenticationEnded();
    if (!(state instanceof Authenticating)) return; // closed meanwhile
    if (err != null) {
      log.warn("authentication failed unexpectedly", err);
      state = fail(rid, ErrorCode.INTERNAL, "internal error");
      return;
    }
    switch (outcome) {
      case AuthOutcome.Refused r when r.closeConnection() -> state = fail(rid, r.refusal(), CloseReason.AUTH_FAILED);
      case AuthOutcome.Refused r -> {
        services.metrics().error(r.refusal().code());
        ctx.writeAndFlush(Frames.error(rid, r.refusal()));
        state = new Unauthenticated(challenge);
      }
      case AuthOutcome.Authenticated a -> state = startSession(rid, a);
    }
  }

  private ConnState startSession(long rid, AuthOutcome.Authenticated a) {
    cancel(handshakeDeadline);
    handshake.release();
    AuthenticatedDevice d = a.device();
    DeliveryPump<InboxEntry> pump =
        new DeliveryPump<>(
            ctx.channel(), new InboxSource(services.inboxes(), d.device()), config.delivery().window(),
            config.delivery().pageSize(), services.clock(), services.metrics().deliveries(), backpressure::flushSoon,
            this::deliveryFailed);
    LiveSession session = new LiveSession(d, pump, ctx.channel().eventLoop(), this, services.groupStore(), this::groupPump);
    ServerFrame.Builder answer = ServerFrame.newBuilder();
    ByteString token = services.accounts().issueResumptionToken(d).map(ByteString::copyFrom).orElse(ByteString.EMPTY);
    if (a.registered()) {
      services.metrics().registrations().increment();
      answer.setRegistered(Registered.newBuilder().setUserId(d.user().value()).setDeviceId(d.device().value())
          .setUsername(d.username().value()).setResumptionToken(token));
    } else {
      services.metrics().logins().increment();
      if (a.resumed()) services.metrics().resumedLogins().increment();
      answer.setLoggedIn(LoggedIn.newBuilder().setUserId(d.user().value()).setDeviceId(d.device().value())
          .setUsername(d.username().value()).setResumptionToken(token).setResumed(a.resumed()));
    }
    reply(rid, answer);
    services.router().register(session);
    services.presence().connected(d, session);
    pump.start();
    services.keys().remindIfLow(d.device());
    services.groups().attach(session);
    log.debug("session started user={} device={} registered={}", d.user(), d.device(), a.registered());
    return new Authenticated(session);
  }

  private ConnState onSession(Authenticated s, ClientFrame f) {
    long rid = f.getRequestId();
    if (services.admission().inSession(s.session().authenticated().user(), f.getBodyCase()) instanceof Verdict.Refused r) {
      services.metrics().error(r.refusal().code());
      reply(rid, ServerFrame.newBuilder().setError(Frames.error(rid, r.refusal()).getError()));
      return s;
    }
    switch (f.getBodyCase()) {
      case SEND -> {
        backpressure.sendStarted();
        services.metrics().sends().increment();
        if (sends == null) sends = new InOrder(ctx.executor());
        // Recipient lookups run concurrently; stores are queued in arrival order, so a sender's
        // messages keep their order in every inbox.
        sends.add(services.messaging().prepare(s.session().authenticated(), f.getSend()), prepared -> {
          switch (prepared) {
            case PreparedSend.Ready r -> services.messaging().store(r.message(), ctx.executor())
                .whenCompleteAsync((outcome, err) -> sentGuarded(rid, outcome, err), ctx.executor());
            case PreparedSend.Refused no -> sentGuarded(rid, new SendOutcome.Rejected(no.refusal()), null);
          }
        }, err -> sentGuarded(rid, null, err));
      }
      case ACK -> s.session().onInboxAck(f.getAck().getUpToSeq());
      case GROUP_ACK -> s.session().onGroupAck(f.getGroupAck().getGroupId(), f.getGroupAck().getUpToSeq());
      case TYPING -> {
        long nowNs = System.nanoTime();
        // At most a few typing events a second per connection: more is noise, and free to send.
        if (services.admission().dropEphemeral()) {
          services.metrics().ephemeralDropped().increment(); // the first thing to go under load
        } else if (nowNs - lastTypingNs >= TYPING_INTERVAL_NS || !f.getTyping().getTyping()) {
          lastTypingNs = nowNs;
          services.typing().relay(s.session().authenticated(), s.session(), f.getTyping());
        }
      }
      case SET_PRESENCE_PRIVACY, UPDATE_CONTACTS, SUBSCRIBE_PRESENCE -> services.presence()
          .handle(s.session().authenticated(), s.session(), f)
          .whenCompleteAsync(onLoop((answer, err) -> answer(rid, answer, err)), ctx.executor());
      case PING -> pong(s, f);
      case WHO_AM_I -> reply(rid, ServerFrame.newBuilder().setIdentity(Frames.identity(s.session().authenticated())));
      case REGISTER, LOGIN, LINK_DEVICE -> {
        return fail(rid, ErrorCode.ALREADY_AUTHENTICATED, "this connection is already logged in");
      }
      default -> {
        if (directory == null) directory = new DirectoryRequests(services, ctx.executor(), directoryReplies(), backpressure);
        if (!directory.handle(s.session().authenticated(), f)) {
          return fail(rid, ErrorCode.UNEXPECTED_FRAME, "unexpected " + f.getBodyCase() + " in a session");
        }
      }
    }
    return s;
  }

  private void sentGuarded(long rid, SendOutcome outcome, Throwable err) {
    try {
      sent(rid, outcome, err);
    } catch (RuntimeException e) {
      exceptionCaught(ctx, e);
    }
  }

  private void sent(long rid, SendOutcome outcome, Throwable err) {
    backpressure.sendFinished();
    // The client retries with the same client_msg_id. A connection that said GoingAway is still open
    // while it lingers, but writes nothing more.
    if (state instanceof Closing || !ctx.channel().isActive()) return;
    if (err != null) {
      log.warn("send failed unexpectedly", err);
      services.metrics().error(ErrorCode.INTERNAL);
      ctx.write(Frames.error(rid, ErrorCode.INTERNAL, "internal error"));
    } else {
      switch (outcome) {
        case SendOutcome.Stored st -> ctx.write(Frames.sendAck(rid, st.message()));
        case SendOutcome.Rejected r -> {
          services.metrics().error(r.refusal().code());
          ctx.write(Frames.error(rid, r.refusal()));
        }
      }
    }
    backpressure.flushSoon();
  }

  private ConnState pong(ConnState s, ClientFrame f) {
    reply(f.getRequestId(), ServerFrame.newBuilder().setPong(Pong.newBuilder().setNonce(f.getPing().getNonce())));
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // Flow control

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (backpressure.writabilityChanged() && state instanceof Authenticated a) a.session().onWritable();
    ctx.fireChannelWritabilityChanged();
  }

  private void writeStalled() {
    log.debug("closing connection that stopped reading");
    close(CloseReason.WRITE_STALL);
  }

  private void outboundOverflow() {
    services.metrics().outboundOverflows().increment();
    log.debug("closing connection with more than {} bytes queued", config.admission().maxQueuedBytesPerConnection());
    close(CloseReason.OUTBOUND_OVERFLOW);
  }

  private DeliveryPump<GroupEntry> groupPump(GroupSource source) {
    return new DeliveryPump<>(
        ctx.channel(), source, config.delivery().window(), config.delivery().pageSize(), services.clock(),
        services.metrics().deliveries(), backpressure::flushSoon, this::deliveryFailed,
        config.delivery().groupCursorPersistInterval());
  }

  private void deliveryFailed(Throwable err) {
    state = fail(0, Refusal.fromStorage(err), CloseReason.STORAGE_FAILURE);
  }

  // ---------------------------------------------------------------------------------------------
  // Timeouts, errors, closing

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      goAway(GoingAwayReason.IDLE, 0, CloseReason.IDLE);
    } else if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
      log.debug("TLS handshake failed: {}", done.cause().toString());
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  private void handshakeExpired() {
    if (!(state instanceof Authenticated) && !(state instanceof Closing)) {
      state = fail(0, ErrorCode.HANDSHAKE_TIMEOUT, "no login within " + config.timeouts().handshake().toSeconds() + " s");
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (t instanceof ProtocolException p) {
      state = fail(0, p.code(), p.getMessage());
    } else if (t instanceof SSLException || t instanceof IOException) {
      log.debug("connection dropped: {}", t.toString());
      if (!(state instanceof Closing)) state = new Closing(CloseReason.PROTOCOL_ERROR);
      ctx.close();
    } else {
      log.warn("unexpected error on a connection", t);
      state = fail(0, ErrorCode.INTERNAL, "internal error");
    }
  }

  /**
   * Tells the client why and closes; used by the router (replaced, revoked, shutdown) and the idle
   * timer. The session ends at once; the socket lingers until the client closes it, so that the
   * GoingAway reaches a client that is still sending (see {@link LingeringClose}).
   */
  void goAway(GoingAwayReason reason, long retryAfterMs, CloseReason why) {
    if (state instanceof Closing || ctx == null) return;
    if (state instanceof Authenticated a) {
      log.debug("going away user={} device={} reason={}", a.session().user(), a.session().device(), reason);
    }
    ctx.writeAndFlush(Frames.goingAway(reason, retryAfterMs), ctx.voidPromise());
    state = endSession(why);
    LingeringClose.start(ctx.channel(), GOING_AWAY_LINGER);
  }

  private ConnState fail(long requestId, ErrorCode code, String message) {
    return fail(requestId, new Refusal(code, message, 0), CloseReason.PROTOCOL_ERROR);
  }

  private ConnState fail(long requestId, Refusal refusal, CloseReason why) {
    if (state instanceof Closing c) return c;
    services.metrics().error(refusal.code());
    log.debug("closing connection: {} {}", refusal.code(), why);
    ctx.writeAndFlush(Frames.error(requestId, refusal));
    return close(why);
  }

  private ConnState close(CloseReason why) {
    Closing closing = endSession(why);
    ctx.flush();
    ctx.close();
    return closing;
  }

  /** Ends the session, if any, and everything that reads or writes for it; the socket stays as it is. */
  private Closing endSession(CloseReason why) {
    Closing closing = new Closing(why);
    if (state instanceof Authenticated a) {
      a.session().stopPumps();
      services.router().unregister(a.session());
      services.presence().disconnected(a.session());
    }
    if (backpressure != null) backpressure.stop();
    state = closing;
    return closing;
  }

  /** Pushes an ephemeral event only when the socket can take it now: under load it is the first to go. */
  void pushIfWritable(ServerFrame event) {
    if (state instanceof Closing || ctx == null) return;
    if (!ctx.channel().isWritable()) {
      services.metrics().ephemeralDropped().increment();
      return;
    }
    push(event);
  }

  /** Pushes an event (not an answer) to the client, unless the connection is closing. */
  void push(ServerFrame event) {
    if (state instanceof Closing || ctx == null) return;
    ctx.write(event, ctx.voidPromise());
    backpressure.flushSoon();
  }

  private DirectoryRequests.Replies directoryReplies() {
    return new DirectoryRequests.Replies() {
      @Override
      public void reply(long requestId, ServerFrame.Builder frame) {
        if (state instanceof Authenticated) ConnectionHandler.this.reply(requestId, frame);
      }

      @Override
      public void revokedItself() {
        goAway(GoingAwayReason.DEVICE_REVOKED, 0, CloseReason.REVOKED);
      }

      @Override
      public void refuse(long requestId, Refusal refusal) {
        if (!(state instanceof Authenticated)) return;
        services.metrics().error(refusal.code());
        ctx.write(Frames.error(requestId, refusal), ctx.voidPromise());
        backpressure.flushSoon();
      }
    };
  }

  /** Answers a request with a service's answer (or its failure), if the session is still on. */
  private void answer(long requestId, dev.parley.server.refusal.Answer<ServerFrame.Builder> answer, Throwable err) {
    DirectoryRequests.Replies replies = directoryReplies();
    switch (err != null ? dev.parley.server.refusal.Answer.<ServerFrame.Builder>refused(Refusal.fromStorage(err)) : answer) {
      case dev.parley.server.refusal.Answer.Ok<ServerFrame.Builder> ok -> replies.reply(requestId, ok.value());
      case dev.parley.server.refusal.Answer.Refused<ServerFrame.Builder> no -> replies.refuse(requestId, no.refusal());
    }
  }

  /** Answers a request; within a read pass the flush waits for the end of the pass (one syscall per burst). */
  private void reply(long requestId, ServerFrame.Builder frame) {
    ctx.write(frame.setRequestId(requestId).build(), ctx.voidPromise());
    if (!reading) backpressure.flushSoon();
  }

  /** Guards future completions that run on the loop: an exception there must not vanish. */
  private <T> BiConsumer<T, Throwable> onLoop(BiConsumer<T, Throwable> action) {
    return (value, err) -> {
      try {
        action.accept(value, err);
      } catch (RuntimeException e) {
        exceptionCaught(ctx, e);
      }
    };
  }

  private static void cancel(ScheduledFuture<?> f) {
    if (f != null) f.cancel(false);
  }
}
