package dev.parley.server.cli.admin;

import dev.parley.protocol.admin.v1.AdminRequest;
import dev.parley.protocol.admin.v1.AdminResponse;
import dev.parley.protocol.frame.FrameEncoder;
import dev.parley.protocol.frame.ProtoFrameDecoder;
import dev.parley.protocol.frame.VarintFrameDecoder;
import dev.parley.protocol.transport.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Sends one request to the admin endpoint and waits for its response. Blocking; for the command line. */
final class AdminClient {
  /** Responses may be large (an export). */
  private static final int MAX_RESPONSE_BYTES = 256 << 20;

  private AdminClient() {}

  /** Where to reach the server: its admin socket, or loopback TCP. */
  sealed interface Target {
    record Socket(Path path) implements Target {}

    record Tcp(InetSocketAddress address) implements Target {}
  }

  static AdminResponse call(Target target, AdminRequest request, Duration timeout)
      throws IOException, TimeoutException, InterruptedException {
    NettyTransport transport = NettyTransport.EPOLL;
    EventLoopGroup group = transport.newGroup(1, "parley-admin-cli");
    CompletableFuture<AdminResponse> response = new CompletableFuture<>();
    try {
      SocketAddress address = switch (target) {
        case Target.Socket s -> new DomainSocketAddress(s.path().toString());
        case Target.Tcp t -> t.address();
      };
      Channel ch = new Bootstrap()
          .group(group)
          .channel(target instanceof Target.Socket ? EpollDomainSocketChannel.class : transport.socketChannel())
          .handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel c) {
              c.pipeline()
                  .addLast(new VarintFrameDecoder(MAX_RESPONSE_BYTES))
                  .addLast(ProtoFrameDecoder.ADMIN_RESPONSES)
                  .addLast(FrameEncoder.INSTANCE)
                  .addLast(new SimpleChannelInboundHandler<AdminResponse>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, AdminResponse r) {
                      if (r.getRequestId() == request.getRequestId()) response.complete(r);
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                      response.completeExceptionally(new ClosedChannelException());
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                      response.completeExceptionally(cause);
                      ctx.close();
                    }
                  });
            }
          })
          .connect(address)
          .syncUninterruptibly()
          .channel();
      ch.writeAndFlush(request);
      try {
        return response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        throw new IOException("the server closed the admin connection (not allowed, or it is stopping)", e.getCause());
      } finally {
        ch.close();
      }
    } catch (RuntimeException e) {
      // Netty rethrows connect failures (missing socket, refused) unchecked.
      throw new IOException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
