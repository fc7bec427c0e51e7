package dev.parley.server.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.config.ConfigLoader;
import dev.parley.server.config.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The config the bench writes for its own server, read back by the server's own loader. */
@Timeout(30)
class BenchServerConfigTest {
  @Test
  void capacityRunsGetSignedGroupsAndOpenBuckets(@TempDir Path dir) throws Exception {
    ServerConfig c = ConfigLoader.load(BenchServerConfig.write(dir, false));
    assertThat(c.limits().maxE2eGroupMembers()).isZero();
    assertThat(c.admission().buckets().get("fetch-prekeys.account").ratePerSecond()).isGreaterThanOrEqualTo(1_000_000);
  }

  @Test
  void groupStartKeepsTheDefaultEndToEndLimitAndLiftsTheFetchPrekeysBucket(@TempDir Path dir) throws Exception {
    ServerConfig c = ConfigLoader.load(BenchServerConfig.write(dir, false, true));
    assertThat(c.limits().maxE2eGroupMembers()).isEqualTo(ConfigLoader.defaults().limits().maxE2eGroupMembers()).isPositive();
    var fetch = c.admission().buckets().get("fetch-prekeys.account");
    assertThat(fetch.ratePerSecond()).isGreaterThanOrEqualTo(1_000_000);
    assertThat(fetch.burst()).isGreaterThanOrEqualTo(1_000_000);
  }
}
