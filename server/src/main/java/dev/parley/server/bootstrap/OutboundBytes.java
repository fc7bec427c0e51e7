package dev.parley.server.bootstrap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.group.ChannelGroup;

/**
 * Gauges of the bytes queued in memory for clients and not yet taken by their sockets (including
 * what TLS holds before encrypting): the total, and the largest for any one connection. Computed
 * when read, by walking the open connections.
 */
final class OutboundBytes {
  private OutboundBytes() {}

  static void register(MeterRegistry registry, ChannelGroup channels) {
    Gauge.builder("parley.outbound.queued.bytes", channels, g -> sum(g, false))
        .description("bytes queued for all connections")
        .register(registry);
    Gauge.builder("parley.outbound.queued.max.bytes", channels, g -> sum(g, true))
        .description("bytes queued for the connection with the most")
        .register(registry);
  }

  private static double sum(ChannelGroup channels, boolean max) {
    long total = 0;
    long most = 0;
    for (Channel ch : channels) {
      long n = queued(ch);
      total += n;
      most = Math.max(most, n);
    }
    return max ? most : total;
  }

  /** What the channel has pending; read racily from another thread, which is good enough for a gauge. */
  static long queued(Channel ch) {
    ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
    return out == null ? 0 : out.totalPendingWriteBytes();
  }
}
