package dev.parley.server.admission;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * A source address, or its network prefix, as a bucket key: IPv4 addresses (including IPv4-mapped
 * IPv6 ones) are keyed by their 32 bits or their /24, IPv6 addresses by their 128 bits or their /64,
 * the block one subscriber usually gets.
 */
record SourceKey(boolean v6, long hi, long lo) {
  static SourceKey address(InetAddress a) {
    return switch (a) {
      case Inet4Address v4 -> new SourceKey(false, 0, v4Bits(v4.getAddress()));
      case Inet6Address v6 -> {
        ByteBuffer b = ByteBuffer.wrap(v6.getAddress());
        yield new SourceKey(true, b.getLong(), b.getLong());
      }
      default -> throw new IllegalArgumentException("unknown address family: " + a);
    };
  }

  /** The /24 of an IPv4 address, the /64 of an IPv6 one. */
  static SourceKey prefix(InetAddress a) {
    SourceKey k = address(a);
    return k.v6 ? new SourceKey(true, k.hi, 0) : new SourceKey(false, 0, k.lo & 0xFFFF_FF00L);
  }

  private static long v4Bits(byte[] b) {
    return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
  }
}
