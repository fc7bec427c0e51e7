package dev.parley.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.testkit.Cli;
import dev.parley.server.testkit.Cli.Result;
import dev.parley.server.testkit.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Edits, reactions, view-once and group administration from the command line (child processes). */
@Timeout(240)
class EditsCommandLineTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(tmp.resolve("server"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Result parley(Path home, String... args) throws Exception {
    String[] full = new String[args.length + 4];
    full[0] = "client";
    full[1] = "--server";
    full[2] = server.address().toString();
    full[3] = "--home=" + home;
    System.arraycopy(args, 0, full, 4, args.length);
    Result r = Cli.run(null, tmp, full);
    return r;
  }

  Result ok(Path home, String... args) throws Exception {
    Result r = parley(home, args);
    assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
    return r;
  }

  static List<JsonNode> json(Result r) throws Exception {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (String line : r.lines()) out.add(JSON.readTree(line));
    return out;
  }

  @Test
  void editReactViewOnceAndGroupAdministrationFromTheCommandLine() throws Exception {
    Path alice = tmp.resolve("alice");
    Path bob = tmp.resolve("bob");
    ok(alice, "register", "alice");
    ok(bob, "register", "bob");

    String msgId = JSON.readTree(ok(alice, "send", "bob", "helo").out()).get("msg_id").asText();
    JsonNode first = json(ok(bob, "receive", "--count", "1")).get(0);
    assertThat(first.get("msg_id").asText()).isEqualTo(msgId);

    ok(alice, "edit", "bob", msgId, "hello");
    ok(alice, "send", "--view-once", "bob", "peek");
    List<JsonNode> got = json(ok(bob, "receive", "--count", "2"));
    assertThat(got.get(0).get("event").asText()).isEqualTo("edit");
    assertThat(got.get(0).get("msg_id").asText()).isEqualTo(msgId);
    assertThat(got.get(0).get("text").asText()).isEqualTo("hello");
    assertThat(got.get(1).get("text").asText()).isEqualTo("peek");
    assertThat(got.get(1).get("view_once").asBoolean()).isTrue();

    ok(bob, "react", "alice", msgId, "+1");
    JsonNode reaction = json(ok(alice, "receive", "--count", "1")).get(0);
    assertThat(reaction.get("event").asText()).isEqualTo("reaction");
    assertThat(reaction.get("emoji").asText()).isEqualTo("+1");
    assertThat(reaction.get("from").asText()).isEqualTo("bob");

    ok(alice, "group", "create", "club", "--members", "bob");
    long seq = JSON.readTree(ok(alice, "group", "send", "club", "hi").out()).get("seq").asLong();
    JsonNode settings = JSON.readTree(ok(alice, "group", "settings", "club", "--admins-only-posting", "true", "--ttl", "600").out());
    assertThat(settings.get("admins_only_posting").asBoolean()).isTrue();
    assertThat(settings.get("ttl_seconds").asLong()).isEqualTo(600);
    assertThat(parley(bob, "group", "send", "club", "me too").exit()).isEqualTo(ExitCodes.REFUSED);
    assertThat(JSON.readTree(ok(alice, "group", "rename", "club", "readers").out()).get("group").asText()).isEqualTo("readers");
    ok(alice, "group", "edit", "readers", Long.toString(seq), "hi all");

    List<JsonNode> posts = json(ok(bob, "receive", "--count", "2"));
    assertThat(posts.get(0).get("seq").asLong()).isEqualTo(seq);
    assertThat(posts.get(0).get("text").asText()).as("read after the edit: as posted, marked edited").isEqualTo("hi");
    assertThat(posts.get(0).get("edited").asBoolean()).isTrue();
    assertThat(posts.get(1).get("event").asText()).isEqualTo("edit");
    assertThat(posts.get(1).get("seq").asLong()).isEqualTo(seq);
    assertThat(posts.get(1).get("text").asText()).isEqualTo("hi all");

    assertThat(parley(bob, "group", "delete", "readers").exit()).isEqualTo(ExitCodes.REFUSED);
    assertThat(JSON.readTree(ok(alice, "group", "delete", "readers").out()).get("deleted").asBoolean()).isTrue();
    assertThat(parley(bob, "group", "send", "readers", "hello?").exit()).isEqualTo(ExitCodes.REFUSED);
  }
}
