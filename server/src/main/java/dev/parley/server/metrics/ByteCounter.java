package dev.parley.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Counts the bytes a connection reads and writes on the wire (TLS included). Stateless and shared. */
@Sharable
public final class ByteCounter extends ChannelDuplexHandler {
  private final Counter in;
  private final Counter out;

  public ByteCounter(ServerMetrics metrics) {
    this.in = metrics.bytesIn();
    this.out = metrics.bytesOut();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) in.increment(b.readableBytes());
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf b) out.increment(b.readableBytes());
    ctx.write(msg, promise);
  }
}
