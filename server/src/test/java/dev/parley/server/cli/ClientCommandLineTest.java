package dev.parley.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.testkit.Cli;
import dev.parley.server.testkit.Cli.Result;
import dev.parley.server.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client command line, run as a user runs it (a child process), against a real server. */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientCommandLineTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  static TestServer server;
  static String addr;
  static Path alice;
  static Path bob;

  @BeforeAll
  static void start() {
    server = TestServer.start(tmp.resolve("server"));
    addr = server.address().toString();
    alice = tmp.resolve("alice");
    bob = tmp.resolve("bob");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Result parley(Path home, String... args) throws Exception {
    return parleyWithInput(null, home, args);
  }

  static Result parleyWithInput(String stdin, Path home, String... args) throws Exception {
    String[] full = new String[args.length + 4];
    full[0] = "client";
    full[1] = "--server";
    full[2] = addr;
    full[3] = "--home=" + home;
    System.arraycopy(args, 0, full, 4, args.length);
    if (args.length > 0 && args[0].equals("chat")) {
      full = new String[] {"chat", "--server", addr, "--home=" + home};
    }
    return Cli.run(stdin, tmp, full);
  }

  @Test
  @Order(1)
  void registerCreatesAKeyAndPrintsTheUserIdAsJson() throws Exception {
    Result a = parley(alice, "register", "alice");
    assertThat(a.exit()).as(a.err()).isZero();
    JsonNode json = JSON.readTree(a.out());
    assertThat(json.get("user_id").asLong()).isPositive();
    assertThat(json.get("username").asText()).isEqualTo("alice");
    assertThat(a.err()).contains("pinned");
    assertThat(Files.getPosixFilePermissions(alice.resolve("identity.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    Result b = parley(bob, "register", "bob");
    assertThat(b.exit()).as(b.err()).isZero();
  }

  @Test
  @Order(2)
  void whoamiShowsTheAccount() throws Exception {
    Result r = parley(alice, "whoami");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).get("username").asText()).isEqualTo("alice");
  }

  @Test
  @Order(3)
  void sendExitsZeroAfterTheDurableAckAndReceivePrintsJsonLines() throws Exception {
    Result sent = parley(alice, "send", "bob", "hello bob");
    assertThat(sent.exit()).as(sent.err()).isZero();
    JsonNode ack = JSON.readTree(sent.out());
    assertThat(ack.get("id").asLong()).isPositive();
    assertThat(ack.get("stored_at").asText()).isNotBlank();
    assertThat(parley(alice, "send", "bob", "second").exit()).isZero();

    Result got = parley(bob, "receive", "--count", "2");
    assertThat(got.exit()).as(got.err()).isZero();
    assertThat(got.lines()).hasSize(2);
    JsonNode first = JSON.readTree(got.lines().get(0));
    assertThat(first.get("from").asText()).isEqualTo("alice");
    assertThat(first.get("text").asText()).isEqualTo("hello bob");
    assertThat(first.get("id").asLong()).isEqualTo(ack.get("id").asLong());
    assertThat(first.get("sent_at").asText()).isNotBlank();
    assertThat(JSON.readTree(got.lines().get(1)).get("text").asText()).isEqualTo("second");
  }

  @Test
  @Order(4)
  void receivedMessagesAreNotPrintedAgainAndAShortfallExitsNonZero() throws Exception {
    Result again = parley(bob, "receive", "--count", "1", "--timeout", "1");
    assertThat(again.exit()).isEqualTo(ExitCodes.TIMED_OUT);
    assertThat(again.lines()).isEmpty();
  }

  @Test
  @Order(5)
  void receiveWithCountLeavesTheRestForLater() throws Exception {
    for (String t : new String[] {"a", "b", "c"}) assertThat(parley(alice, "send", "bob", t).exit()).isZero();
    Result one = parley(bob, "receive", "--count", "1");
    assertThat(one.lines()).hasSize(1);
    Result rest = parley(bob, "receive", "--count", "2");
    assertThat(rest.exit()).isZero();
    assertThat(rest.lines()).extracting(l -> JSON.readTree(l).get("text").asText()).containsExactly("b", "c");
  }

  @Test
  @Order(6)
  void refusalsExitTwoAndNameTheErrorCode() throws Exception {
    Result taken = parley(tmp.resolve("other"), "register", "ALICE");
    assertThat(taken.exit()).isEqualTo(ExitCodes.REFUSED);
    assertThat(taken.err()).contains("USERNAME_TAKEN");

    Result unknown = parley(alice, "send", "nobody", "hi");
    assertThat(unknown.exit()).isEqualTo(ExitCodes.REFUSED);
    assertThat(unknown.err()).contains("USER_NOT_FOUND");

    Result invalid = parley(tmp.resolve("other2"), "register", "no spaces allowed");
    assertThat(invalid.exit()).isEqualTo(ExitCodes.REFUSED);
    assertThat(invalid.err()).contains("INVALID_USERNAME");
  }

  @Test
  @Order(7)
  void usageErrorsExitOne() throws Exception {
    assertThat(parley(alice, "send", "bob").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(parley(tmp.resolve("nobody-home"), "whoami").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(parley(alice, "register", "again").exit()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  @Order(8)
  void aChangedServerCertificateIsRefusedAndAnExplicitPinIsHonoured() throws Exception {
    String wrong = "ab".repeat(32);
    Result refused = parley(alice, "--trust-fingerprint", wrong, "whoami");
    assertThat(refused.exit()).isEqualTo(ExitCodes.CANNOT_CONNECT);
    assertThat(refused.err()).contains(server.fingerprint().toHex());

    // The wrong pin was stored; a later plain run is refused too, until the right pin is given.
    assertThat(parley(alice, "whoami").exit()).isEqualTo(ExitCodes.CANNOT_CONNECT);
    Result right = parley(alice, "--trust-fingerprint", server.fingerprint().toColonHex(), "whoami");
    assertThat(right.exit()).as(right.err()).isZero();
    assertThat(parley(alice, "whoami").exit()).isZero();
  }

  @Test
  @Order(9)
  void anUnreachableServerExitsThree() throws Exception {
    Result r = Cli.run(null, tmp, "client", "--server", "127.0.0.1:1", "--home=" + tmp.resolve("nowhere"), "register", "zed");
    assertThat(r.exit()).isEqualTo(ExitCodes.CANNOT_CONNECT);
  }

  @Test
  @Order(10)
  void chatSendsTypedLinesAndPrintsIncomingMessages() throws Exception {
    assertThat(parley(bob, "send", "alice", "ping from bob").exit()).isZero();
    Result chat = parleyWithInput("/to bob\nhello from chat\n/quit\n", alice, "chat");
    assertThat(chat.exit()).as(chat.err()).isZero();
    assertThat(chat.out()).contains("bob: ping from bob");

    Result got = parley(bob, "receive", "--count", "1");
    assertThat(JSON.readTree(got.lines().get(0)).get("text").asText()).isEqualTo("hello from chat");
  }

  @Test
  @Order(11)
  void aSecondDeviceLinksWithACodeAndBothDevicesReceive() throws Exception {
    Result code = parley(alice, "link");
    assertThat(code.exit()).as(code.err()).isZero();
    String linkCode = JSON.readTree(code.out()).get("code").asText();

    Path alice2 = tmp.resolve("alice2");
    Result joined = parley(alice2, "link", linkCode, "--device-name", "laptop");
    assertThat(joined.exit()).as(joined.err()).isZero();
    assertThat(JSON.readTree(joined.out()).get("username").asText()).isEqualTo("alice");

    Result devices = parley(alice, "devices");
    assertThat(JSON.readTree(devices.out()).get("devices")).hasSize(2);

    Result sent = parley(bob, "send", "alice", "to all of alice");
    assertThat(sent.exit()).as(sent.err()).isZero();
    assertThat(sent.err()).contains("new device");
    for (Path home : new Path[] {alice, alice2}) {
      Result got = parley(home, "receive", "--count", "1");
      assertThat(got.exit()).as(got.err()).isZero();
      assertThat(JSON.readTree(got.lines().get(0)).get("text").asText()).isEqualTo("to all of alice");
    }
  }

  @Test
  @Order(12)
  void verifyPrintsTheSameSafetyNumberOnBothSides() throws Exception {
    Result fromAlice = parley(alice, "verify", "bob");
    assertThat(fromAlice.exit()).as(fromAlice.err()).isZero();
    String number = JSON.readTree(fromAlice.out()).get("devices").get(0).get("safety_number").asText();
    assertThat(number).matches("(\\d{5} ){11}\\d{5}");

    Result fromBob = parley(bob, "verify", "alice");
    assertThat(fromBob.exit()).as(fromBob.err()).isZero();
    JsonNode aliceDevices = JSON.readTree(fromBob.out()).get("devices");
    assertThat(aliceDevices).hasSize(2);
    assertThat(aliceDevices.findValuesAsText("safety_number")).contains(number);
  }

  @Test
  @Order(13)
  void revokeRemovesADevice() throws Exception {
    JsonNode devices = JSON.readTree(parley(alice, "devices").out()).get("devices");
    long other = 0;
    for (JsonNode d : devices) if (!d.get("this_device").asBoolean()) other = d.get("device_id").asLong();
    Result revoked = parley(alice, "revoke", Long.toString(other));
    assertThat(revoked.exit()).as(revoked.err()).isZero();
    assertThat(JSON.readTree(parley(alice, "devices").out()).get("devices")).hasSize(1);
    Result again = parley(alice, "revoke", Long.toString(other));
    assertThat(again.exit()).isEqualTo(ExitCodes.REFUSED);
    assertThat(again.err()).contains("DEVICE_NOT_FOUND");
  }

  @Test
  @Order(14)
  void groupsAndChannelsFromTheCommandLine() throws Exception {
    Result created = parley(alice, "group", "create", "book-club", "--members", "bob");
    assertThat(created.exit()).as(created.err()).isZero();
    JsonNode group = JSON.readTree(created.out());
    assertThat(group.get("group").asText()).isEqualTo("book-club");
    assertThat(group.get("members").asInt()).isEqualTo(2);

    Result members = parley(bob, "group", "members", "book-club");
    assertThat(members.exit()).as(members.err()).isZero();
    assertThat(JSON.readTree(members.out()).get("members").findValuesAsText("username")).containsExactlyInAnyOrder("alice", "bob");

    Result posted = parley(alice, "group", "send", "book-club", "chapter one tonight");
    assertThat(posted.exit()).as(posted.err()).isZero();
    assertThat(JSON.readTree(posted.out()).get("seq").asLong()).isEqualTo(1);

    Result got = parley(bob, "receive", "--count", "1");
    assertThat(got.exit()).as(got.err()).isZero();
    JsonNode line = JSON.readTree(got.lines().get(0));
    assertThat(line.get("group").asText()).isEqualTo("book-club");
    assertThat(line.get("from").asText()).isEqualTo("alice");
    assertThat(line.get("text").asText()).isEqualTo("chapter one tonight");

    assertThat(parley(alice, "channel", "create", "announcements").exit()).isZero();
    assertThat(parley(bob, "channel", "join", "announcements").exit()).isZero();
    assertThat(parley(alice, "channel", "post", "announcements", "hello subscribers").exit()).isZero();
    Result refused = parley(bob, "channel", "post", "announcements", "me too");
    assertThat(refused.exit()).isEqualTo(ExitCodes.REFUSED);
    assertThat(refused.err()).contains("NOT_ALLOWED");
    Result news = parley(bob, "receive", "--count", "1");
    assertThat(JSON.readTree(news.lines().get(0)).get("channel").asText()).isEqualTo("announcements");

    assertThat(parley(bob, "group", "leave", "book-club").exit()).isZero();
    Result gone = parley(bob, "group", "send", "book-club", "hello?");
    assertThat(gone.exit()).isEqualTo(ExitCodes.REFUSED);
    assertThat(gone.err()).contains("GROUP_NOT_FOUND");
  }

  @Test
  @Order(15)
  void inviteLinksFromTheCommandLine() throws Exception {
    assertThat(parley(alice, "group", "create", "reading-room").exit()).isZero();
    Result invite = parley(alice, "group", "invite", "reading-room", "--ttl", "3600");
    assertThat(invite.exit()).as(invite.err()).isZero();
    JsonNode link = JSON.readTree(invite.out());
    assertThat(link.get("invite").asText()).startsWith("parley://join/").endsWith(link.get("code").asText());
    assertThat(link.has("expires_at")).isTrue();

    Result joined = parley(bob, "group", "join", link.get("invite").asText());
    assertThat(joined.exit()).as(joined.err()).isZero();
    assertThat(JSON.readTree(joined.out()).get("group").asText()).isEqualTo("reading-room");
    assertThat(JSON.readTree(joined.out()).get("members").asInt()).isEqualTo(2);

    Result revoked = parley(alice, "group", "revoke-invite", link.get("invite").asText());
    assertThat(revoked.exit()).as(revoked.err()).isZero();
    Result refused = parley(bob, "group", "join", link.get("invite").asText());
    assertThat(refused.exit()).isEqualTo(ExitCodes.REFUSED);
    assertThat(refused.err()).contains("GROUP_INVITE_INVALID");

    Result channelInvite = parley(alice, "channel", "invite", "announcements");
    assertThat(channelInvite.exit()).as(channelInvite.err()).isZero();
    Result subscribed = parley(bob, "channel", "join", JSON.readTree(channelInvite.out()).get("invite").asText());
    assertThat(subscribed.exit()).as(subscribed.err()).isZero();
    assertThat(JSON.readTree(subscribed.out()).get("channel").asText()).isEqualTo("announcements");
  }

  @Test
  @Order(50)
  void receiveShowsReceiptsOnlyWhenAskedAndPresenceFollowsThePrivacySetting() throws Exception {
    Path carol = tmp.resolve("carol");
    Path dave = tmp.resolve("dave");
    assertThat(parley(carol, "register", "carol").exit()).isZero();
    assertThat(parley(dave, "register", "dave").exit()).isZero();
    Result sent = parley(carol, "send", "dave", "did you get this?");
    assertThat(sent.exit()).as(sent.err()).isZero();
    String id = JSON.readTree(sent.out()).get("client_msg_id").asText();
    assertThat(id).hasSize(32);

    Result got = parley(dave, "receive", "--timeout", "1");
    assertThat(got.lines()).hasSize(1);
    assertThat(JSON.readTree(got.lines().getFirst()).get("text").asText()).isEqualTo("did you get this?");
    Result receipts = parley(carol, "receive", "--receipts", "--timeout", "1");
    assertThat(receipts.exit()).as(receipts.err()).isZero();
    assertThat(receipts.lines()).hasSize(1);
    JsonNode receipt = JSON.readTree(receipts.lines().getFirst());
    assertThat(receipt.get("receipt").asText()).isEqualTo("delivered");
    assertThat(receipt.get("from").asText()).isEqualTo("dave");
    assertThat(receipt.get("ids").get(0).asText()).isEqualTo(id);

    Result setting = parley(dave, "privacy", "presence");
    assertThat(JSON.readTree(setting.out()).get("presence").asText()).isEqualTo("contacts");
    assertThat(JSON.readTree(parley(carol, "presence", "dave").out()).get("presence").asText()).isEqualTo("hidden");
    assertThat(JSON.readTree(parley(dave, "privacy", "presence", "everybody").out()).get("presence").asText())
        .isEqualTo("everybody");
    JsonNode seen = JSON.readTree(parley(carol, "presence", "dave").out());
    assertThat(seen.get("presence").asText()).isEqualTo("offline");
    assertThat(seen.get("last_seen").asText()).isNotBlank();
    assertThat(parley(dave, "privacy", "presence", "sometimes").exit()).isEqualTo(ExitCodes.USAGE);
  }
}
