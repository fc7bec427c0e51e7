package dev.parley.storage.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RocksConfigTest {
  private static final Path DIR = Path.of("data");
  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void defaultsAreDurableWithBoundedQueues() {
    RocksConfig c = RocksConfig.defaults(DIR);

    assertThat(c.sync()).isEqualTo(SyncPolicy.FSYNC);
    assertThat(c.commitQueueCapacity()).isEqualTo(65_536);
    assertThat(c.maxBatchSize()).isEqualTo(1_024);
    assertThat(c.dedupWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(c.sweepInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void badValuesAreRefusedNotCorrected() {
    assertThatIllegalArgumentException().isThrownBy(() -> new RocksConfig(null, SyncPolicy.FSYNC, 1, 1, HOUR, HOUR));
    assertThatIllegalArgumentException().isThrownBy(() -> new RocksConfig(DIR, null, 1, 1, HOUR, HOUR));
    assertThatIllegalArgumentException().isThrownBy(() -> new RocksConfig(DIR, SyncPolicy.FSYNC, 0, 1, HOUR, HOUR));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RocksConfig(DIR, SyncPolicy.FSYNC, (1 << 22) + 1, 1, HOUR, HOUR));
    assertThatIllegalArgumentException().isThrownBy(() -> new RocksConfig(DIR, SyncPolicy.FSYNC, 1, 0, HOUR, HOUR));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RocksConfig(DIR, SyncPolicy.FSYNC, 1, (1 << 16) + 1, HOUR, HOUR));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RocksConfig(DIR, SyncPolicy.FSYNC, 1, 1, Duration.ZERO, HOUR));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RocksConfig(DIR, SyncPolicy.FSYNC, 1, 1, HOUR, Duration.ofNanos(999_999)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RocksConfig(DIR, SyncPolicy.FSYNC, 1, 1, HOUR, Duration.ofSeconds(-1)));
    assertThatIllegalArgumentException().isThrownBy(() -> new RocksConfig(DIR, SyncPolicy.FSYNC, 1, 1, null, HOUR));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RocksConfig(DIR, SyncPolicy.FSYNC, 1, 1, Duration.ofDays(3651), HOUR));
  }
}
