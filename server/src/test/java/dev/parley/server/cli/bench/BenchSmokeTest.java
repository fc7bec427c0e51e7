package dev.parley.server.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.cli.ParleyCommand;
import dev.parley.server.testkit.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code parley bench} scenario at a tiny scale (a few users, one second) against one
 * in-process server (the raw group case against its own, whose groups are signed): the command
 * exits 0, its JSON parses, and its counts agree with each other (every acknowledged message
 * delivered, every drop restored). Not a performance test: no figure is compared with a target.
 */
@Timeout(120)
class BenchSmokeTest {
  @TempDir static Path data;
  @TempDir static Path out;
  private static TestServer server;

  @BeforeAll
  static void start() {
    // End-to-end groups (the default), unlike the bench's own server: the group scenario must count
    // every delivery even when sender keys make posts arrive later.
    server = TestServer.start(data);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode bench(String scenario, String... args) throws Exception {
    return bench(server, scenario, args);
  }

  private static JsonNode bench(TestServer target, String scenario, String... args) throws Exception {
    Path json = out.resolve(scenario + System.nanoTime() + ".json");
    List<String> all = new ArrayList<>(List.of("bench", scenario, "--server", target.address().toString(),
        "--fingerprint", target.fingerprint().toHex(), "--server-pid", Long.toString(ProcessHandle.current().pid()),
        "--duration", "1", "--warmup", "0", "--timeout", "15", "--quiet", "--json", json.toString()));
    all.addAll(List.of(args));
    int exit = ParleyCommand.commandLine().execute(all.toArray(String[]::new));
    assertThat(exit).as("exit status of bench " + scenario).isZero();
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.get("scenario").asText()).isEqualTo(scenario);
    assertThat(report.get("figures").size()).isPositive();
    return report;
  }

  @Test
  void oneToOneThroughTheSdkDeliversEveryAcknowledgedMessage() throws Exception {
    JsonNode c = bench("one-to-one", "--users", "4", "--window", "2").get("counts");
    assertThat(c.get("acked").asLong()).isPositive().isEqualTo(c.get("delivered").asLong()).isEqualTo(c.get("sent").asLong());
    assertThat(c.get("settled").asBoolean()).isTrue();
    assertThat(c.get("failed").size()).isZero();
  }

  @Test
  void oneToOneWithRawFramesDeliversEveryAcknowledgedMessage() throws Exception {
    JsonNode r = bench("one-to-one", "--users", "4", "--driver", "raw", "--window", "2");
    JsonNode c = r.get("counts");
    assertThat(c.get("acked").asLong()).as(c.toString()).isPositive().isEqualTo(c.get("delivered").asLong());
    assertThat(c.get("settled").asBoolean()).isTrue();
    assertThat(r.get("latencies").get("send->SendAck").get("count").asLong()).isPositive();
  }

  @Test
  void registerStormRegistersEveryDeviceItWasAskedFor() throws Exception {
    JsonNode c = bench("register", "--users", "6", "--concurrency", "3").get("counts");
    assertThat(c.get("registered").asLong()).isEqualTo(6);
    assertThat(c.get("failed").size()).isZero();
  }

  @Test
  void rawRegistrationsUploadTheirPremadePrekeys() throws Exception {
    JsonNode c = bench("register", "--users", "6", "--concurrency", "3", "--driver", "raw").get("counts");
    assertThat(c.get("registered").asLong()).isEqualTo(6);
    assertThat(c.get("failed").size()).isZero(); // a refused upload fails the registration
    assertThat(c.get("keys made during the run (prefill ran out)").asLong()).isZero();
  }

  @Test
  void reconnectBringsEverySessionBack() throws Exception {
    JsonNode c = bench("reconnect", "--users", "4", "--rounds", "1", "--driver", "raw").get("counts");
    assertThat(c.get("reconnects").asLong()).isEqualTo(4);
    assertThat(c.get("failed").size()).isZero();
  }

  @Test
  void idleSamplesServerMemoryAtEveryStep() throws Exception {
    JsonNode r = bench("idle", "--steps", "2,4", "--settle", "0");
    assertThat(r.get("counts").get("samples").size()).isEqualTo(3);
    assertThat(r.get("counts").get("samples").get(2).get("connections").asInt()).isEqualTo(4);
  }

  @Test
  void groupPostsReachEveryOtherMember() throws Exception {
    JsonNode c = bench("group", "--users", "4", "--senders", "1", "--window", "2").get("counts");
    assertThat(c.get("posts acked").asLong()).isPositive();
    assertThat(c.get("member deliveries missing after drain").asLong()).isZero();
    assertThat(c.get("member deliveries").asLong()).isEqualTo(c.get("posts acked").asLong() * 3);
  }

  @Test
  void signedGroupPostsFromRawDevicesReachEveryOtherMember(@TempDir Path signedData) throws Exception {
    // Groups signed as on the bench's own server, so the server verifies every pre-signed post.
    try (TestServer signed = TestServer.start(signedData, c -> c.withLimits(c.limits().withMaxE2eGroupMembers(0)))) {
      JsonNode r = bench(signed, "group", "--users", "4", "--senders", "2", "--window", "2", "--driver", "raw");
      assertThat(r.get("setup").get("group").asText()).startsWith("signed");
      JsonNode c = r.get("counts");
      assertThat(c.get("failed").size()).as(c.toString()).isZero();
      assertThat(c.get("posts acked").asLong()).isPositive();
      assertThat(c.get("member deliveries missing after drain").asLong()).isZero();
      assertThat(c.get("member deliveries").asLong()).isEqualTo(c.get("posts acked").asLong() * 3);
      assertThat(c.get("posts fully delivered").asLong()).isEqualTo(c.get("posts acked").asLong());
      assertThat(r.get("latencies").get("post->member delivery").get("count").asLong()).isPositive();
    }
  }

  @Test
  void firstPostInANewEndToEndGroupReachesEveryMemberAndSavesThePostersState() throws Exception {
    JsonNode r = bench("group-start", "--users", "5", "--rounds", "1");
    JsonNode c = r.get("counts");
    assertThat(c.get("members without the first post (all rounds)").asLong()).as(c.toString()).isZero();
    assertThat(c.get("members without the second post (all rounds)").asLong()).isZero();
    assertThat(c.get("member posts undecryptable").asLong()).isZero();
    JsonNode round = c.get("round 1");
    assertThat(round.get("first post ms").asDouble()).isPositive();
    assertThat(round.get("second post ms").asDouble()).isPositive();
    // The sessions and the sender key are saved before their ciphertexts leave, in the file store.
    assertThat(round.get("state saves during first post").asLong()).isPositive();
    assertThat(round.get("poster state bytes").asLong()).isPositive();
    assertThat(r.get("figures").get(0).get("name").asText()).startsWith("first post");
  }

  @Test
  void groupStartRefusesAGroupTooLargeToBeEndToEndBeforeStartingAServer() {
    var cl = ParleyCommand.commandLine();
    var err = new java.io.StringWriter();
    cl.setErr(new java.io.PrintWriter(err));
    int exit = cl.execute("bench", "group-start", "--users", "1000", "--quiet");
    assertThat(exit).isEqualTo(dev.parley.server.cli.ExitCodes.USAGE);
    assertThat(err.toString()).contains("limits.max-e2e-group-members = 1000").contains("--users <= 999");
  }

  @Test
  void catchUpDrainsEveryStoredMessage() throws Exception {
    JsonNode c = bench("catch-up", "--users", "3", "--depth", "5", "--senders", "2").get("counts");
    assertThat(c.get("messages drained").asLong()).isEqualTo(15);
    assertThat(c.get("devices fully drained").asText()).isEqualTo("3 of 3");
  }

  @Test
  void surgeRunsAllLoadsAtOnceWithoutTimeouts() throws Exception {
    JsonNode r = bench("surge", "--users", "4", "--reconnect-pool", "4", "--scale", "0.01", "--driver", "raw");
    assertThat(r.get("counts").get("settled").asBoolean()).isTrue();
    assertThat(r.get("latencies").get("chat send->SendAck baseline").get("count").asLong()).isPositive();
  }
}
