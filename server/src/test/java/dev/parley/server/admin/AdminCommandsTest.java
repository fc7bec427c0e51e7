package dev.parley.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.server.cli.ExitCodes;
import dev.parley.server.testkit.Await;
import dev.parley.server.testkit.Cli;
import dev.parley.server.testkit.RawConnection;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class AdminCommandsTest {
  @TempDir Path data;
  @TempDir Path homes;
  TestServer server;
  Admin admin;

  @BeforeEach
  void start() {
    server = TestServer.start(data);
    admin = new Admin(data);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static List<String> texts(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false).map(n -> n.get(field).asText()).toList();
  }

  @Test
  void statusStatsConfigAndLogLevelAnswerOverTheSocket() throws Exception {
    try (TestClient alice = TestClient.registered(server, "alice")) {
      JsonNode status = admin.ok("status");
      assertThat(status.get("version").asText()).isEqualTo("0.1.0");
      assertThat(status.get("sessions").asInt()).isEqualTo(1);
      assertThat(status.get("connections").asInt()).isEqualTo(1);
      assertThat(status.get("healthy").asBoolean()).isTrue();
      assertThat(status.get("queue_depths").has("commit")).isTrue();

      JsonNode stats = admin.ok("stats");
      assertThat(stats.get("storage").get("estimated_keys").has("inbox")).isTrue();
      assertThat(stats.get("counters").get("parley.registrations").asLong()).isEqualTo(1);

      JsonNode config = admin.ok("config", "show");
      assertThat(config.get("data-dir").asText()).isEqualTo(data.toAbsolutePath().toString());
      assertThat(config.get("admin.socket").asText()).endsWith("admin.sock");
      assertThat(config.has("sync.max-group-catch-up")).isTrue();
      assertThat(config.has("admission.register.address.rate")).isTrue();
      assertThat(config.get("limits.max-e2e-group-members").asInt()).isPositive();

      assertThat(admin.ok("log-level", "set", "DEBUG", "--logger", "dev.parley.server.connection").get("level").asText())
          .isEqualTo("DEBUG");
      assertThat(admin.run("log-level", "set", "LOUD").exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(admin.run("limits", "set", "nope", "--rate", "1", "--burst", "1").exit()).isEqualTo(ExitCodes.NOT_FOUND);
    }
  }

  @Test
  void usersDevicesSessionsNoticeAndExportReflectTheLiveServer() throws Exception {
    try (TestClient alice = TestClient.registered(server, "alice");
        TestClient bob = TestClient.registered(server, "bob");
        RawConnection carol = RawConnection.tls(server)) {
      carol.registerWithPrekeys("carol");
      alice.send("bob", "hello bob");
      bob.awaitTexts(1);

      assertThat(texts(admin.ok("users", "list").get("users"), "username")).containsExactly("alice", "bob", "carol");
      assertThat(texts(admin.ok("users", "list", "--after", "1", "--limit", "1").get("users"), "username"))
          .containsExactly("bob");
      JsonNode shown = admin.ok("users", "show", "bob");
      assertThat(shown.get("devices")).hasSize(1);
      assertThat(shown.get("live_sessions").asInt()).isEqualTo(1);
      assertThat(admin.ok("devices", "list", "alice").get("devices")).hasSize(1);
      assertThat(admin.ok("sessions", "list").get("sessions")).hasSize(3);
      assertThat(admin.ok("sessions", "list", "--user", "alice").get("sessions")).hasSize(1);

      // A notice reaches carol's live session as a pushed frame.
      assertThat(admin.ok("notice", "maintenance at 22:00", "--user", "carol").get("sent_to_sessions").asInt()).isEqualTo(1);
      ServerFrame notice = carol.read();
      assertThat(notice.getServerNotice().getText()).isEqualTo("maintenance at 22:00");
      assertThat(admin.ok("notice", "hello everyone").get("sent_to_sessions").asInt()).isEqualTo(3);
      // The SDK hands it to the application.
      assertThat(alice.awaitEvent(TestClient.ServerNotice.class).text()).isEqualTo("hello everyone");

      JsonNode export = admin.ok("export", "alice");
      assertThat(export.get("format").asText()).isEqualTo("parley-user-export/1");
      assertThat(export.get("account").get("username").asText()).isEqualTo("alice");
      assertThat(export.get("devices").get(0).has("undelivered")).isTrue();

      // Kick closes the session; the SDK comes back by itself.
      assertThat(admin.ok("sessions", "kick", "--user", "bob", "--retry-after", "0").get("kicked")).hasSize(1);
      Await.until("bob back", () -> server.server().liveSessions() == 3);

      // Disable: kicked and refused at login; enable lets the next attempt in.
      admin.ok("users", "disable", "bob");
      Await.until("bob refused", () -> admin.ok("sessions", "list", "--user", "bob").get("sessions").isEmpty());
      assertThat(admin.ok("users", "show", "bob").get("disabled").asBoolean()).isTrue();
      admin.ok("users", "enable", "bob");
      assertThat(admin.ok("users", "show", "bob").get("disabled").asBoolean()).isFalse();

      // Create an account for a key made elsewhere, revoke its device, then delete users.
      IdentityKeyPair key = IdentityKeyPair.generate(new SecureRandom());
      JsonNode dave = admin.ok("users", "create", "dave", "--identity-key", HexFormat.of().formatHex(key.publicKey().bytes()));
      long daveDevice = dave.get("device").get("id").asLong();
      assertThat(admin.run("users", "create", "dave", "--identity-key", HexFormat.of().formatHex(key.publicKey().bytes())).exit())
          .isEqualTo(ExitCodes.CONFLICT);
      assertThat(admin.ok("devices", "revoke", "dave", Long.toString(daveDevice)).get("revoked").asLong()).isEqualTo(daveDevice);
      assertThat(admin.run("devices", "revoke", "dave", Long.toString(daveDevice)).exit()).isEqualTo(ExitCodes.NOT_FOUND);

      admin.ok("users", "delete", "carol");
      assertThat(carol.awaitClosed(TestClient.WAIT)).isTrue();
      assertThat(admin.run("users", "show", "carol").exit()).isEqualTo(ExitCodes.NOT_FOUND);
      assertThat(texts(admin.ok("users", "list").get("users"), "username")).containsExactly("alice", "bob", "dave");
    }
  }

  @Test
  void registrationModesAndInvitesDecideWhoMaySignUp() throws Exception {
    assertThat(admin.ok("registration", "show").get("mode").asText()).isEqualTo("open");
    admin.ok("registration", "mode", "closed");
    assertThat(registerError("ann", "")).isEqualTo(ErrorCode.REGISTRATION_CLOSED);

    admin.ok("registration", "mode", "invite");
    assertThat(registerError("ann", "")).isEqualTo(ErrorCode.INVITE_INVALID);
    String code = admin.ok("invites", "create", "--uses", "1").get("code").asText();
    admin.ok("invites", "create", "--code", "spare-code-1", "--expires-in-hours", "24");
    assertThat(texts(admin.ok("invites", "list").get("invites"), "code")).contains(code, "spare-code-1");
    assertThat(admin.run("invites", "create", "--code", "spare-code-1").exit()).isEqualTo(ExitCodes.CONFLICT);

    assertThat(registerError("ann", code)).isNull();
    assertThat(registerError("ben", code)).isEqualTo(ErrorCode.INVITE_INVALID); // used up
    admin.ok("invites", "revoke", "spare-code-1");
    assertThat(registerError("ben", "spare-code-1")).isEqualTo(ErrorCode.INVITE_INVALID);
    assertThat(admin.ok("invites", "list").get("invites")).isEmpty();
    assertThat(admin.run("registration", "mode", "sometimes").exit()).isEqualTo(ExitCodes.USAGE);

    // The client command line (and the SDK under it) signs up with a code too.
    String cliCode = admin.ok("invites", "create", "--uses", "1").get("code").asText();
    Cli.Result refused = client("cara", "register", "cara");
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.err()).contains("INVITE_INVALID");
    Cli.Result joined = client("cara", "register", "cara", "--invite", cliCode);
    assertThat(joined.exit()).as(joined.err()).isZero();
    assertThat(joined.out()).contains("\"username\":\"cara\"");

    // The mode is stored with the data: a restart keeps it.
    server.restart();
    assertThat(admin.ok("registration", "show").get("mode").asText()).isEqualTo("invite");
    admin.ok("registration", "mode", "open");
    assertThat(registerError("ben", "")).isNull();

    // Changes are audited: who, what, when, and never a notice's text.
    admin.ok("notice", "secret words");
    Path audit = data.resolve("audit.log");
    Await.until("audit lines", () -> lines(audit).stream().anyMatch(l -> l.contains("\"notice\"")));
    assertThat(String.join("\n", lines(audit)))
        .contains("\"registration.set\"", "\"invites.create\"", "\"operator\"", "\"peer\":\"uid:")
        .doesNotContain("secret words");
    assertThat(Files.getPosixFilePermissions(audit)).extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  private Cli.Result client(String home, String... args) throws Exception {
    String[] full = new String[args.length + 4];
    full[0] = "client";
    full[1] = "--server";
    full[2] = "127.0.0.1:" + server.address().port();
    full[3] = "--home=" + homes.resolve(home);
    System.arraycopy(args, 0, full, 4, args.length);
    return Cli.run(null, homes, full);
  }

  /** Registers over a raw connection; the error code, or null when it was registered. */
  private ErrorCode registerError(String username, String invite) throws Exception {
    try (RawConnection raw = RawConnection.tls(server)) {
      byte[] challenge = raw.hello().getLoginChallenge().toByteArray();
      var register = raw.register(username, IdentityKeyPair.generate(new SecureRandom()), challenge).toBuilder().setInviteCode(invite);
      raw.send(ClientFrame.newBuilder().setRequestId(2).setRegister(register).build());
      ServerFrame reply = raw.read();
      return reply.hasRegistered() ? null : reply.getError().getCode();
    }
  }

  @Test
  void groupsAndLimitsCanBeListedShownChangedAndDeleted() throws Exception {
    try (TestClient alice = TestClient.registered(server, "alice")) {
      alice.sdk().createGroup("team-chat", List.of(), java.time.Duration.ZERO).get();
      JsonNode groups = admin.ok("groups", "list");
      assertThat(texts(groups.get("groups"), "name")).containsExactly("team-chat");
      assertThat(admin.ok("groups", "show", "team-chat").get("members").asInt()).isEqualTo(1);
      admin.ok("groups", "delete", "team-chat");
      assertThat(admin.run("groups", "show", "team-chat").exit()).isEqualTo(ExitCodes.NOT_FOUND);

      JsonNode limits = admin.ok("limits", "show");
      assertThat(texts(limits.get("buckets"), "name")).contains("register.global", "login.address");
      JsonNode set = admin.ok("limits", "set", "register.global", "--rate", "5", "--burst", "10");
      assertThat(set.get("rate_per_second").asDouble()).isEqualTo(5.0);
      assertThat(admin.ok("limits", "show").get("buckets").findValues("burst").stream().map(JsonNode::asLong)).contains(10L);
      assertThat(admin.run("limits", "set", "register.global", "--rate", "-1", "--burst", "10").exit())
          .isEqualTo(ExitCodes.USAGE);

      // The shedding marks: a new-sessions mark of 0 is always reached (a drill), and is refused
      // below the ephemeral one, which always goes first.
      JsonNode shed = admin.ok("limits", "shed", "--ephemeral-at-lag", "0", "--new-sessions-at-lag", "0");
      assertThat(shed.get("new_sessions_at_loop_lag_ms").asLong()).isZero();
      assertThat(shed.get("pressure").asText()).isEqualTo("SHED_NEW_SESSIONS");
      assertThat(admin.run("limits", "shed", "--ephemeral-at-lag", "100").exit()).isEqualTo(ExitCodes.USAGE);
      JsonNode cleared = admin.ok("limits", "shed", "--ephemeral-at-lag", "60000", "--new-sessions-at-lag", "60000");
      assertThat(cleared.get("commit_queue_fraction").asDouble()).as("unchanged").isEqualTo(0.5);
      assertThat(admin.ok("limits", "show").get("shedding").get("ephemeral_at_loop_lag_ms").asLong()).isEqualTo(60_000);
    }
  }
}
