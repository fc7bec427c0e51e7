package dev.parley.protocol.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ServerAddressTest {
  @Test
  void parsesHostPortHostAloneAndBracketedIpv6() {
    assertThat(ServerAddress.parse("example.org:9000", 7420)).isEqualTo(new ServerAddress("example.org", 9000));
    assertThat(ServerAddress.parse("example.org", 7420)).isEqualTo(new ServerAddress("example.org", 7420));
    assertThat(ServerAddress.parse("[::1]:7000", 7420)).isEqualTo(new ServerAddress("::1", 7000));
    assertThat(ServerAddress.parse("[::1]", 7420)).isEqualTo(new ServerAddress("::1", 7420));
    assertThat(new ServerAddress("::1", 7000).toString()).isEqualTo("[::1]:7000");
  }

  @Test
  void refusesBadPortsAndHosts() {
    assertThatThrownBy(() -> ServerAddress.parse("host:notaport", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServerAddress.parse("host:70000", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServerAddress.parse(":7000", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServerAddress.parse("[::1", 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void backoffGrowsToItsCapAndStaysJittered() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0);
    SplittableRandom random = new SplittableRandom(1);
    for (int attempt = 0; attempt < 20; attempt++) {
      long cap = Math.min(5000, 100L << Math.min(attempt, 20));
      Duration d = b.delay(attempt, random);
      assertThat(d.toMillis()).as("attempt %d", attempt).isBetween(cap / 2, cap);
    }
    long distinct = java.util.stream.IntStream.range(0, 50).mapToLong(i -> b.delay(10, random).toMillis()).distinct().count();
    assertThat(distinct).as("a crowd does not come back in lockstep").isGreaterThan(10);
  }

  @Test
  void retryAfterIsHonouredWithJitterAbove() {
    SplittableRandom random = new SplittableRandom(2);
    for (int i = 0; i < 100; i++) {
      assertThat(Backoff.jitterAbove(Duration.ofSeconds(2), random).toMillis()).isBetween(2000L, 2400L);
    }
  }
}
