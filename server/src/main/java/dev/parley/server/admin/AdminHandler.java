package dev.parley.server.admin;

import dev.parley.protocol.admin.v1.AdminRequest;
import dev.parley.protocol.admin.v1.AdminResponse;
import dev.parley.protocol.admin.v1.AdminStatus;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One admin connection. On the Unix socket it first checks the peer's uid (from the kernel) against
 * the {@link PeerPolicy} and closes the connection of anyone else; on loopback TCP every request must
 * carry the token. Requests are answered as their commands complete, possibly out of order (each
 * response carries its request_id).
 */
final class AdminHandler extends SimpleChannelInboundHandler<AdminRequest> {
  private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);

  /** Where the connection came in, which decides how it is checked. */
  sealed interface Endpoint {
    record Socket(PeerPolicy policy) implements Endpoint {}

    record Tcp(byte[] token) implements Endpoint {}
  }

  private final AdminDispatcher dispatcher;
  private final Endpoint endpoint;
  private String peer = "unknown";

  AdminHandler(AdminDispatcher dispatcher, Endpoint endpoint) {
    this.dispatcher = dispatcher;
    this.endpoint = endpoint;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    switch (endpoint) {
      case Endpoint.Socket s -> {
        int uid = peerUid(ctx);
        peer = "uid:" + uid;
        if (!s.policy().admits(uid)) {
          log.warn("admin socket: refused a connection from uid {}", uid);
          ctx.close();
          return;
        }
      }
      case Endpoint.Tcp t -> peer = "tcp:" + ctx.channel().remoteAddress();
    }
    super.channelActive(ctx);
  }

  private static int peerUid(ChannelHandlerContext ctx) {
    if (!(ctx.channel() instanceof EpollDomainSocketChannel ch)) return -1;
    try {
      return ch.peerCredentials().uid();
    } catch (IOException e) {
      return -1; // unknown peers are refused by every policy that matters (uid -1 is nobody's)
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, AdminRequest req) {
    if (endpoint instanceof Endpoint.Tcp t && !tokenMatches(t.token(), req.getToken())) {
      log.warn("admin tcp: refused a request with a wrong token from {}", peer);
      ctx.writeAndFlush(AdminResponse.newBuilder().setRequestId(req.getRequestId()).setStatus(AdminStatus.UNAUTHORIZED)
              .setMessage("wrong or missing admin token").build())
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    dispatcher.handle(req, peer).thenAccept(ctx::writeAndFlush);
  }

  private static boolean tokenMatches(byte[] expected, String given) {
    return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("admin connection {} failed: {}", peer, cause.toString());
    ctx.close();
  }
}
