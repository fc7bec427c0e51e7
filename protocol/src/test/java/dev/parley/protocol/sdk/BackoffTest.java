package dev.parley.protocol.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Timeout(10)
class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 2.0);

  /** Always the largest value allowed: shows the cap. */
  private static final RandomGenerator HIGHEST = new RandomGenerator() {
    @Override
    public long nextLong() {
      return Long.MAX_VALUE;
    }

    @Override
    public long nextLong(long bound) {
      return bound - 1;
    }
  };

  @Test
  void retryDelaysNeverUndercutTheServersFloorAndTheirJitterWindowGrowsToTheMaximum() {
    Duration floor = Duration.ofMillis(1_500);
    assertThat(backoff.retryDelay(0, floor, HIGHEST)).isEqualTo(Duration.ofMillis(1_600));
    assertThat(backoff.retryDelay(1, floor, HIGHEST)).isEqualTo(Duration.ofMillis(1_700));
    assertThat(backoff.retryDelay(3, floor, HIGHEST)).isEqualTo(Duration.ofMillis(2_300));
    assertThat(backoff.retryDelay(30, floor, HIGHEST)).isEqualTo(Duration.ofMillis(11_500));
    SplittableRandom random = new SplittableRandom(7);
    for (int attempt = 0; attempt < 40; attempt++) {
      assertThat(backoff.retryDelay(attempt, floor, random)).isBetween(floor, floor.plusSeconds(10));
    }
  }

  @Test
  void aCrowdRefusedTogetherDoesNotComeBackTogether() {
    Set<Duration> delays = new HashSet<>();
    SplittableRandom seeds = new SplittableRandom(11);
    for (int client = 0; client < 1_000; client++) {
      delays.add(backoff.retryDelay(5, Duration.ofSeconds(1), seeds.split()));
    }
    // Full jitter over a window of 3.2 s at attempt 5: a thousand clients spread over hundreds of ms values.
    assertThat(delays).hasSizeGreaterThan(500);
  }
}
