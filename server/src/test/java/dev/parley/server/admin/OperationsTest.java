package dev.parley.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.cli.ExitCodes;
import dev.parley.server.testkit.Cli;
import dev.parley.server.testkit.RawConnection;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class OperationsTest {
  @TempDir Path dir;

  @Test
  void theAdminSocketIsOwnerOnlyAndRefusesPeersThePolicyRejects() throws Exception {
    Path data = dir.resolve("data");
    try (TestServer server = TestServer.start(data, c -> c, s -> s, Clock.systemUTC(), uid -> false)) {
      Path socket = server.server().adminSocket();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
      Admin.Result refused = new Admin(data).run("status");
      assertThat(refused.exit()).isEqualTo(ExitCodes.CANNOT_CONNECT);
      assertThat(refused.err()).contains("cannot reach the server");
    }
    // The real policy admits this process's own user (and root), and no one else.
    PeerPolicy real = PeerPolicy.rootOrServerUser();
    int me = PeerPolicy.serverUid();
    assertThat(real.admits(me)).isTrue();
    assertThat(real.admits(0)).isTrue();
    assertThat(real.admits(me == 0 ? 65534 : me + 1)).isFalse();
    assertThat(Files.exists(data.resolve("admin.sock"))).isFalse(); // removed on close
  }

  @Test
  void restoreDrillBringsBackExactlyTheBackedUpState() throws Exception {
    Path data = dir.resolve("data");
    Path restored = dir.resolve("restored");
    Admin admin = new Admin(data);
    try (TestServer server = TestServer.start(data);
        TestClient alice = TestClient.registered(server, "alice");
        TestClient bob = TestClient.registered(server, "bob")) {
      bob.sdk().close();
      alice.send("bob", "before the backup");
      JsonNode backup = admin.ok("backup", "create", "--name", "drill");
      assertThat(backup.get("name").asText()).isEqualTo("drill");
      alice.send("bob", "after the backup");
      try (RawConnection carol = RawConnection.tls(server)) {
        carol.registerWithPrekeys("carol");
      }

      assertThat(admin.ok("backup", "list").get("backups").get(0).get("name").asText()).isEqualTo("drill");
      JsonNode verified = admin.ok("backup", "verify", "drill");
      assertThat(verified.get("ok").asBoolean()).isTrue();
      assertThat(verified.get("keys_by_family").get("accounts").asLong()).isEqualTo(2);
      assertThat(admin.run("backup", "create", "--name", "drill").exit()).isEqualTo(ExitCodes.CONFLICT);
      assertThat(admin.run("backup", "verify", "missing").exit()).isEqualTo(ExitCodes.NOT_FOUND);
      assertThat(admin.ok("compact").get("compacted").asBoolean()).isTrue();

      // Offline restore into a fresh data dir; the operator brings the TLS certificate along.
      Admin.Result restore = Admin.exec("admin", "restore", data.resolve("backups/drill").toString(),
          "--into", restored.toString(), "--json");
      assertThat(restore.exit()).isZero();
      assertThat(restore.json().get("keys_by_family").get("accounts").asLong()).isEqualTo(2);
      assertThat(Admin.exec("admin", "restore", data.resolve("backups/drill").toString(), "--into", restored.toString()).exit())
          .isEqualTo(ExitCodes.FAILED);
      copyDir(data.resolve("tls"), restored.resolve("tls"));

      try (TestServer back = TestServer.start(restored)) {
        List<String> users = StreamSupport.stream(new Admin(restored).ok("users", "list").get("users").spliterator(), false)
            .map(u -> u.get("username").asText()).toList();
        assertThat(users).containsExactly("alice", "bob");
        bob.reconnect(back);
        assertThat(bob.awaitTexts(1)).containsExactly("before the backup");
        assertThat(new Admin(restored).ok("export", "bob").get("devices").get(0).get("undelivered")).hasSizeLessThanOrEqualTo(1);
      }
    }
  }

  private static void copyDir(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  @Test
  void metricsAndHealthAreServedOnTheirOwnPort() throws Exception {
    try (TestServer server = TestServer.start(dir.resolve("data"))) {
      var address = server.server().metricsAddress().orElseThrow();
      String base = "http://127.0.0.1:" + address.getPort();
      HttpClient http = HttpClient.newHttpClient();
      assertThat(get(http, base + "/health/live").statusCode()).isEqualTo(200);
      assertThat(get(http, base + "/health/ready").statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = get(http, base + "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("parley_connections", "parley_sessions", "parley_registrations_total", "parley_bytes_in_bytes_total",
              "parley_commit_batch_size_bucket", "parley_commit_write_seconds_bucket", "jvm_memory_used_bytes",
              "parley_inbox_depth");
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theLoopbackTcpEndpointNeedsTheTokenAndTheRealBinaryAnswers() throws Exception {
    Path data = dir.resolve("data");
    Path token = dir.resolve("admin.token");
    Files.writeString(token, "0123456789abcdef0123456789abcdef\n");
    Path wrong = dir.resolve("wrong.token");
    Files.writeString(wrong, "not-the-token-at-all-000000000000\n");
    int adminPort = freePort();
    try (TestServer server = TestServer.start(data, c -> c.withOperations(new dev.parley.server.config.ServerConfig.Operations(
        java.util.Optional.empty(), "127.0.0.1", adminPort, java.util.Optional.of(token), true, "127.0.0.1", 0)))) {
      int port = server.config().operations().adminTcpPort();
      String tcp = "127.0.0.1:" + port;
      Admin.Result ok = Admin.exec("admin", "status", "--tcp", tcp, "--token-file", token.toString(), "--json");
      assertThat(ok.exit()).isZero();
      assertThat(ok.json().get("version").asText()).isEqualTo("0.1.0");
      Admin.Result refused = Admin.exec("admin", "status", "--tcp", tcp, "--token-file", wrong.toString(), "--json");
      assertThat(refused.exit()).isEqualTo(ExitCodes.REFUSED);
      assertThat(refused.json().get("error").get("status").asText()).isEqualTo("UNAUTHORIZED");

      // The command line as an operator runs it, in its own JVM.
      Cli.Result child = Cli.run(null, dir, "admin", "status", "--data", data.toString(), "--json");
      assertThat(child.exit()).isZero();
      assertThat(new ObjectMapper().readTree(child.out()).get("healthy").asBoolean()).isTrue();
      Admin.Result missing = new Admin(data).run("users", "show", "nobody");
      assertThat(missing.exit()).isEqualTo(ExitCodes.NOT_FOUND);
      assertThat(missing.json().get("error").get("status").asText()).isEqualTo("NOT_FOUND");
    }
  }

  private static int freePort() throws Exception {
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
