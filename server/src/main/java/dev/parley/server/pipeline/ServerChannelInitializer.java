package dev.parley.server.pipeline;

import dev.parley.protocol.frame.FrameEncoder;
import dev.parley.protocol.frame.ProtoFrameDecoder;
import dev.parley.protocol.frame.VarintFrameDecoder;
import dev.parley.server.connection.ConnectionHandler;
import dev.parley.server.connection.Services;
import dev.parley.server.metrics.ByteCounter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** The client pipeline, one handler per concern, reading as the protocol stack. */
public final class ServerChannelInitializer extends ChannelInitializer<SocketChannel> {
  private final SslContext ssl;
  private final Services services;
  private final ChannelGroup allChannels;
  private final ByteCounter bytes;

  public ServerChannelInitializer(SslContext ssl, Services services, ChannelGroup allChannels) {
    this.ssl = ssl;
    this.services = services;
    this.allChannels = allChannels;
    this.bytes = new ByteCounter(services.metrics());
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    allChannels.add(ch);
    var config = services.config();
    ch.pipeline()
        .addLast("bytes", bytes)
        .addLast("tls", ssl.newHandler(ch.alloc()))
        .addLast("frames", new VarintFrameDecoder(config.limits().maxFrameBytes()))
        .addLast("proto", ProtoFrameDecoder.CLIENT_FRAMES)
        .addLast("encoder", FrameEncoder.INSTANCE)
        .addLast("idle", new IdleStateHandler(config.timeouts().idle().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
        .addLast("session", new ConnectionHandler(services));
  }
}
