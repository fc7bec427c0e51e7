package dev.parley.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.testkit.Await;
import dev.parley.server.testkit.Cli;
import dev.parley.server.testkit.Cli.Result;
import dev.parley.server.testkit.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Listing groups, handing them over and seeing group changes in {@code receive}, as child processes. */
@Timeout(240)
class GroupOwnershipCommandLineTest {
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

  String[] args(Path home, String... args) {
    String[] full = new String[args.length + 4];
    full[0] = "client";
    full[1] = "--server";
    full[2] = server.address().toString();
    full[3] = "--home=" + home;
    System.arraycopy(args, 0, full, 4, args.length);
    return full;
  }

  Result ok(Path home, String... args) throws Exception {
    Result r = Cli.run(null, tmp, args(home, args));
    assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
    return r;
  }

  static JsonNode byName(JsonNode groups, String key, String name) {
    for (JsonNode g : groups) if (g.path(key).asText().equals(name)) return g;
    throw new AssertionError("no " + key + " " + name + " in " + groups);
  }

  @Test
  void groupListTransferAndGroupChangesInReceive() throws Exception {
    Path alice = tmp.resolve("alice");
    Path bob = tmp.resolve("bob");
    ok(alice, "register", "alice");
    ok(bob, "register", "bob");

    assertThat(JSON.readTree(ok(alice, "group", "list").out()).get("groups")).isEmpty();
    ok(alice, "group", "create", "club", "--members", "bob", "--ttl", "60");
    ok(alice, "channel", "create", "news");
    JsonNode listed = JSON.readTree(ok(alice, "group", "list").out()).get("groups");
    assertThat(listed).hasSize(2);
    JsonNode club = byName(listed, "group", "club");
    assertThat(club.get("role").asText()).isEqualTo("owner");
    assertThat(club.get("members").asInt()).isEqualTo(2);
    assertThat(club.get("ttl_seconds").asLong()).isEqualTo(60);
    assertThat(club.get("group_id").asLong()).isPositive();
    assertThat(byName(listed, "channel", "news").get("role").asText()).isEqualTo("owner");

    JsonNode handed = JSON.readTree(ok(alice, "group", "transfer", "club", "bob").out());
    assertThat(handed.get("role").asText()).isEqualTo("admin");
    assertThat(byName(JSON.readTree(ok(bob, "group", "list").out()).get("groups"), "group", "club")
        .get("role").asText()).isEqualTo("owner");
    ok(bob, "channel", "join", "news");
    assertThat(JSON.readTree(ok(alice, "channel", "transfer", "news", "bob").out()).get("role").asText()).isEqualTo("admin");
    Result refused = Cli.run(null, tmp, args(alice, "group", "delete", "club"));
    assertThat(refused.exit()).isEqualTo(ExitCodes.REFUSED);
    assertThat(refused.err()).contains("NOT_ALLOWED");

    // receive, live while bob renames the group: the change is printed, the post is what it counts.
    // Every earlier command has exited; once the server has seen them go, the next session is receive's.
    Await.until("the earlier commands' sessions to close", () -> server.server().liveSessions() == 0);
    CompletableFuture<Result> receiving = new CompletableFuture<>();
    Thread.ofPlatform().daemon().name("receive").start(() -> {
      try {
        receiving.complete(Cli.run(null, tmp, args(alice, "receive", "--count", "1", "--timeout", "30")));
      } catch (Exception | AssertionError e) {
        receiving.completeExceptionally(e);
      }
    });
    Await.until("alice's receive to log in", () -> server.server().liveSessions() == 1, Duration.ofSeconds(60));
    ok(bob, "group", "rename", "club", "readers");
    ok(bob, "group", "send", "readers", "renamed it");
    Result got = receiving.get(90, TimeUnit.SECONDS);
    assertThat(got.exit()).as(got.err()).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : got.lines()) lines.add(JSON.readTree(line));
    assertThat(lines).hasSize(2);
    JsonNode update = lines.get(0);
    assertThat(update.get("event").asText()).isEqualTo("group_updated");
    assertThat(update.get("group").asText()).isEqualTo("readers");
    assertThat(update.get("change").asText()).isEqualTo("renamed");
    assertThat(update.get("previous_name").asText()).isEqualTo("club");
    assertThat(update.get("by").asText()).isEqualTo("bob");
    assertThat(lines.get(1).get("text").asText()).isEqualTo("renamed it");
  }
}
