package dev.parley.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.testkit.Cli;
import dev.parley.server.testkit.Cli.Result;
import dev.parley.server.testkit.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code group history} and {@code channel history} from the command line (child processes): pages
 * oldest first in the shape {@code receive} prints, the closing "more" line, and refusals. Groups
 * are signed (no end-to-end groups on this server), so a fresh process reads them without keys.
 */
@Timeout(240)
class HistoryCommandLineTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(tmp.resolve("server"), c -> c.withLimits(c.limits().withMaxE2eGroupMembers(0)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Result parley(Path home, String... args) throws Exception {
    List<String> full = new ArrayList<>(List.of("client", "--server", server.address().toString(), "--home=" + home));
    full.addAll(List.of(args));
    return Cli.run(null, tmp, full.toArray(String[]::new));
  }

  List<JsonNode> ok(Path home, String... args) throws Exception {
    Result r = parley(home, args);
    assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
    List<JsonNode> out = new ArrayList<>();
    for (String line : r.lines()) out.add(JSON.readTree(line));
    return out;
  }

  @Test
  void historyPrintsPagesOldestFirstLikeReceiveAndEndsWithWhetherMoreExists() throws Exception {
    Path alice = tmp.resolve("alice");
    Path bob = tmp.resolve("bob");
    ok(alice, "register", "alice");
    ok(bob, "register", "bob");

    ok(alice, "channel", "create", "news");
    ok(bob, "channel", "join", "news");
    for (String text : List.of("one", "two", "three")) ok(alice, "channel", "post", "news", text);

    List<JsonNode> newest = ok(bob, "channel", "history", "news", "--limit", "2");
    assertThat(newest).hasSize(3);
    assertThat(newest.subList(0, 2)).extracting(n -> n.get("text").asText()).containsExactly("two", "three");
    assertThat(newest.subList(0, 2)).extracting(n -> n.get("seq").asLong()).containsExactly(2L, 3L);
    assertThat(newest.get(0).get("channel").asText()).isEqualTo("news");
    assertThat(newest.get(0).get("from").asText()).isEqualTo("alice");
    assertThat(newest.get(2).get("more").asBoolean()).isTrue();
    assertThat(newest.get(2).get("next_before").asLong()).isEqualTo(2);

    List<JsonNode> oldest = ok(bob, "channel", "history", "news", "--before", "2");
    assertThat(oldest).hasSize(2);
    assertThat(oldest.get(0).get("text").asText()).isEqualTo("one");
    assertThat(oldest.get(1).toString()).isEqualTo("{\"more\":false}");

    // A group, with an edit: the post comes as edited, the edit as receive prints it plus its own seq.
    ok(alice, "group", "create", "club", "--members", "bob");
    ok(alice, "group", "send", "club", "helo");
    ok(alice, "group", "edit", "club", "1", "hello");
    List<JsonNode> club = ok(bob, "group", "history", "club");
    assertThat(club).hasSize(3);
    assertThat(club.get(0).get("group").asText()).isEqualTo("club");
    assertThat(club.get(0).get("edited").asBoolean()).isTrue();
    assertThat(club.get(1).get("event").asText()).isEqualTo("edit");
    assertThat(club.get(1).get("seq").asLong()).isEqualTo(1);
    assertThat(club.get(1).get("at_seq").asLong()).isEqualTo(2);
    assertThat(club.get(1).get("text").asText()).isEqualTo("hello");
    assertThat(club.get(2).get("more").asBoolean()).isFalse();

    // Not a member (by id, so the server answers): refused, exit 2. A negative --limit is usage, exit 1.
    Result stranger = parley(bob, "group", "history", "4242");
    assertThat(stranger.exit()).as(stranger.err()).isEqualTo(2);
    assertThat(stranger.err()).contains("GROUP_NOT_FOUND");
    assertThat(parley(bob, "group", "history", "club", "--limit", "-1").exit()).isEqualTo(1);

    // Nothing was consumed: receive still gets every post (and the edit), the channel's in order.
    List<JsonNode> received = ok(bob, "receive", "--count", "5");
    assertThat(received).hasSize(5);
    assertThat(received).filteredOn(n -> n.has("channel")).extracting(n -> n.get("text").asText())
        .containsExactly("one", "two", "three");
  }
}
