package dev.parley.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class ConfigLoaderTest {
  @TempDir Path dir;

  Path file(String hocon) throws Exception {
    Path f = dir.resolve("parley.conf");
    Files.writeString(f, hocon);
    return f;
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    ServerConfig c = ConfigLoader.defaults();
    assertThat(c.port()).isEqualTo(7420);
    assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(c.storage().sync()).isEqualTo("fsync");
    assertThat(c.limits().maxFrameBytes()).isEqualTo(256 * 1024);
    assertThat(c.tls().protocols()).containsExactly("TLSv1.3");
    assertThat(c.tls().certFile()).isEmpty();
  }

  @Test
  void aFileOverridesOnlyWhatItSets() throws Exception {
    ServerConfig c = ConfigLoader.load(file("parley.listen.port = 9000\nparley.storage.sync = async\nparley.timeouts.idle = 2m"));
    assertThat(c.port()).isEqualTo(9000);
    assertThat(c.storage().sync()).isEqualTo("async");
    assertThat(c.timeouts().idle()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.limits().maxBodyBytes()).isEqualTo(ConfigLoader.defaults().limits().maxBodyBytes());
  }

  @Test
  void aMisspelledOptionIsRefusedByName() throws Exception {
    Path f = file("parley.storage.synk = async");
    assertThatThrownBy(() -> ConfigLoader.load(f)).hasMessageContaining("parley.storage.synk");
    Path g = file("port = 1");
    assertThatThrownBy(() -> ConfigLoader.load(g)).hasMessageContaining("unknown option port");
  }

  @Test
  void badValuesAreRefusedNotCorrected() throws Exception {
    Path f1 = file("parley.storage.sync = sometimes");
    assertThatThrownBy(() -> ConfigLoader.load(f1)).hasMessageContaining("storage.sync");
    Path f2 = file("parley.limits.max-body-bytes = 300000");
    assertThatThrownBy(() -> ConfigLoader.load(f2)).hasMessageContaining("max-body-bytes");
    Path f3 = file("parley.timeouts.idle = 10s\nparley.timeouts.ping-interval = 30s");
    assertThatThrownBy(() -> ConfigLoader.load(f3)).hasMessageContaining("idle");
    Path f4 = file("parley.tls.cert-file = /x.pem");
    assertThatThrownBy(() -> ConfigLoader.load(f4)).hasMessageContaining("together");
    Path f5 = file("parley.limits.max-ttl = 100000d");
    assertThatThrownBy(() -> ConfigLoader.load(f5)).hasMessageContaining("max-ttl");
    Path f6 = file("parley.listen.port = \"many\"");
    assertThatThrownBy(() -> ConfigLoader.load(f6)).hasMessageContaining("port");
    Path f7 = file("parley.admission.shed-ephemeral-at-loop-lag = 100ms"); // above the new-sessions mark
    assertThatThrownBy(() -> ConfigLoader.load(f7)).hasMessageContaining("shed-new-sessions-at-loop-lag");
    Path f8 = file("parley.admission.loop-lag-probe-interval = 1ms");
    assertThatThrownBy(() -> ConfigLoader.load(f8)).hasMessageContaining("loop-lag-probe-interval");
  }

  @Test
  void aMissingFileIsReportedClearly() {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.conf"))).hasMessageContaining("not found");
  }
}
