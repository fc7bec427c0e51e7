package dev.parley.server.connection;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection after a last frame (a GoingAway) without losing that frame: TLS close_notify,
 * then a TCP half-close, while whatever the client still sends is read and dropped; the socket is
 * closed once the client closes its side, or after {@code linger}.
 *
 * <p>Why: a socket closed with received bytes unread, or that receives bytes after it closed, is
 * reset by the kernel. A client that is sending at that moment (acks, receipts) then has its next
 * write fail, and Netty closes its channel before it reads the GoingAway already in its socket: a
 * revoked device takes the lost connection for a network fault, reconnects, and its login is refused
 * instead. Confined to the channel's event loop.
 */
final class LingeringClose {
  private LingeringClose() {}

  /** Call after the last frame was written and flushed; nothing may be written afterwards. */
  static void start(Channel channel, Duration linger) {
    ChannelPipeline pipeline = channel.pipeline();
    SslHandler tls = pipeline.get(SslHandler.class);
    // Read bytes are dropped before TLS and the frame decoders see them.
    if (tls != null) pipeline.addBefore(pipeline.context(tls).name(), "drain", Drain.INSTANCE);
    else pipeline.addFirst("drain", Drain.INSTANCE);
    channel.config().setAutoRead(true);

    ScheduledFuture<?> deadline = channel.eventLoop().schedule(() -> {
      channel.close();
    }, linger.toMillis(), TimeUnit.MILLISECONDS);
    channel.closeFuture().addListener(f -> deadline.cancel(false));

    ChannelFuture flushed = tls != null ? tls.closeOutbound() : channel.writeAndFlush(Unpooled.EMPTY_BUFFER);
    flushed.addListener(f -> {
      if (f.isSuccess() && channel instanceof DuplexChannel duplex) duplex.shutdownOutput();
      else channel.close();
    });
  }

  /** Releases everything read: the connection has said its last word and ignores the client's. */
  @ChannelHandler.Sharable
  private static final class Drain extends ChannelInboundHandlerAdapter {
    static final Drain INSTANCE = new Drain();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      // Nothing was passed on, so there is nothing to complete.
    }
  }
}
