package dev.parley.protocol.sdk;

import dev.parley.protocol.frame.FrameEncoder;
import dev.parley.protocol.frame.ProtoFrameDecoder;
import dev.parley.protocol.frame.VarintFrameDecoder;
import dev.parley.protocol.transport.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The client's connection bootstrap and pipeline, one handler per concern, as on the server. */
final class ClientPipeline {
  private ClientPipeline() {}

  /**
   * A bootstrap whose channels get a {@link ClientConnection} from {@code newConnection}, created on
   * {@code loop} when the channel registers (before it connects).
   */
  static Bootstrap bootstrap(
      EventLoop loop, NettyTransport transport, ClientConfig config, SslContext ssl,
      Function<Channel, ClientConnection> newConnection) {
    ServerAddress server = config.server();
    return new Bootstrap()
        .group(loop)
        .channel(transport.socketChannel())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ClientConnection connection = newConnection.apply(ch);
                ch.pipeline()
                    .addLast("tls", ssl.newHandler(ch.alloc(), server.host(), server.port()))
                    .addLast("frames", new VarintFrameDecoder(config.maxFrameBytes()))
                    .addLast("proto", ProtoFrameDecoder.SERVER_FRAMES)
                    .addLast("encoder", FrameEncoder.INSTANCE)
                    .addLast("idle", new IdleStateHandler(
                        config.idleTimeout().toMillis(), config.pingInterval().toMillis(), 0, TimeUnit.MILLISECONDS))
                    .addLast("client", new ClientChannelHandler(connection));
              }
            });
  }
}
