package dev.parley.protocol.sdk;

import java.time.Duration;

/**
 * How a {@link ParleyClient} connects. {@code pingInterval}: send a ping after this long without
 * writing; {@code idleTimeout}: drop and reconnect after this long without hearing from the server.
 */
public record ClientConfig(
    ServerAddress server,
    String clientName,
    Duration connectTimeout,
    Duration pingInterval,
    Duration idleTimeout,
    Backoff backoff,
    int maxFrameBytes) {

  public ClientConfig {
    if (connectTimeout.isNegative() || connectTimeout.isZero()) throw new IllegalArgumentException("connectTimeout");
    if (pingInterval.isNegative() || pingInterval.isZero()) throw new IllegalArgumentException("pingInterval");
    if (idleTimeout.compareTo(pingInterval) <= 0) throw new IllegalArgumentException("idleTimeout <= pingInterval");
    if (maxFrameBytes < 1024) throw new IllegalArgumentException("maxFrameBytes < 1024");
  }

  /** Sensible defaults for {@code server}. */
  public static ClientConfig defaults(ServerAddress server) {
    return new ClientConfig(
        server, "parley-java-sdk", Duration.ofSeconds(10), Duration.ofSeconds(25), Duration.ofSeconds(90),
        Backoff.DEFAULT, 16 << 20);
  }

  public ClientConfig withBackoff(Backoff b) {
    return new ClientConfig(server, clientName, connectTimeout, pingInterval, idleTimeout, b, maxFrameBytes);
  }

  public ClientConfig withServer(ServerAddress s) {
    return new ClientConfig(s, clientName, connectTimeout, pingInterval, idleTimeout, backoff, maxFrameBytes);
  }

  public ClientConfig withClientName(String name) {
    return new ClientConfig(server, name, connectTimeout, pingInterval, idleTimeout, backoff, maxFrameBytes);
  }
}
