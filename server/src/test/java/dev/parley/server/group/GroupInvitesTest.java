package dev.parley.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.sdk.GroupInviteInfo;
import dev.parley.protocol.sdk.GroupMessage;
import dev.parley.protocol.sdk.GroupSummary;
import dev.parley.protocol.sdk.ParleyException;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.server.testkit.LiveServer;
import dev.parley.server.testkit.TestClient;
import dev.parley.server.testkit.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/** Invite links to groups and channels, over real sockets. */
@Timeout(120)
class GroupInvitesTest {
  final TestClock clock = new TestClock();
  @RegisterExtension final LiveServer live = LiveServer.on(clock);

  TestClient user(String name) throws Exception {
    return live.user(name);
  }

  static void refusedWith(ErrorCode code, ThrowingCallable call) {
    assertThatThrownBy(call).cause().isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @Test
  void anInviteLinkLetsAnyoneJoinAGroupAndReadItsNextPosts() throws Exception {
    TestClient owner = user("owner");
    TestClient dana = user("dana");
    owner.sdk().createGroup("book-club", List.of(), Duration.ZERO).get(10, TimeUnit.SECONDS);
    GroupInviteInfo invite = owner.sdk().createInvite("book-club", Duration.ZERO).get(10, TimeUnit.SECONDS);
    assertThat(invite.link()).isEqualTo("parley://join/" + invite.code());
    assertThat(invite.code()).matches("[A-Za-z0-9_-]{16}");
    assertThat(invite.expiresAtMs()).isZero();

    GroupSummary joined = dana.sdk().joinByInvite(invite.link()).get(10, TimeUnit.SECONDS);
    assertThat(joined.name()).isEqualTo("book-club");
    assertThat(joined.memberCount()).isEqualTo(2);
    assertThat(joined.role()).isEqualTo("MEMBER");
    // Joining again with the bare code is not an error and does not add a second membership.
    assertThat(dana.sdk().joinByInvite(invite.code()).get(10, TimeUnit.SECONDS).memberCount()).isEqualTo(2);

    owner.sdk().sendToGroup("book-club", "welcome".getBytes(StandardCharsets.UTF_8), Duration.ZERO).get(10, TimeUnit.SECONDS);
    List<GroupMessage> got = dana.awaitGroupMessages(1);
    assertThat(new String(got.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("welcome");
  }

  @Test
  void onlyOwnersAndAdminsCreateOrRevokeInvitesAndARevokedOneStopsWorking() throws Exception {
    TestClient owner = user("owner");
    TestClient member = user("member");
    TestClient eve = user("eve");
    owner.sdk().createChannel("news").get(10, TimeUnit.SECONDS);
    member.sdk().joinChannel("news").get(10, TimeUnit.SECONDS);
    refusedWith(ErrorCode.NOT_ALLOWED, () -> member.sdk().createInvite("news", Duration.ZERO).get(10, TimeUnit.SECONDS));
    refusedWith(ErrorCode.GROUP_NOT_FOUND, () -> eve.sdk().createInvite("news", Duration.ZERO).get(10, TimeUnit.SECONDS));

    GroupInviteInfo invite = owner.sdk().createInvite("news", Duration.ZERO).get(10, TimeUnit.SECONDS);
    refusedWith(ErrorCode.NOT_ALLOWED, () -> member.sdk().revokeInvite(invite.code()).get(10, TimeUnit.SECONDS));
    assertThat(owner.sdk().revokeInvite(invite.link()).get(10, TimeUnit.SECONDS).code()).isEqualTo(invite.code());
    refusedWith(ErrorCode.GROUP_INVITE_INVALID, () -> eve.sdk().joinByInvite(invite.link()).get(10, TimeUnit.SECONDS));
    refusedWith(ErrorCode.GROUP_INVITE_INVALID, () -> owner.sdk().revokeInvite(invite.code()).get(10, TimeUnit.SECONDS));
  }

  @Test
  void anExpiredUnknownOrMalformedInviteIsRefusedAlikeAndTheConnectionStays() throws Exception {
    TestClient owner = user("owner");
    TestClient eve = user("eve");
    owner.sdk().createGroup("short-lived", List.of(), Duration.ZERO).get(10, TimeUnit.SECONDS);
    GroupInviteInfo invite = owner.sdk().createInvite("short-lived", Duration.ofHours(1)).get(10, TimeUnit.SECONDS);
    assertThat(invite.expiresAtMs()).isEqualTo(clock.millis() + 3_600_000);

    clock.advance(Duration.ofHours(1));
    refusedWith(ErrorCode.GROUP_INVITE_INVALID, () -> eve.sdk().joinByInvite(invite.code()).get(10, TimeUnit.SECONDS));
    refusedWith(ErrorCode.GROUP_INVITE_INVALID, () -> eve.sdk().joinByInvite("AAAAAAAAAAAAAAAA").get(10, TimeUnit.SECONDS));
    refusedWith(ErrorCode.GROUP_INVITE_INVALID, () -> eve.sdk().joinByInvite("../../etc/passwd").get(10, TimeUnit.SECONDS));
    refusedWith(ErrorCode.GROUP_INVITE_INVALID, () -> eve.sdk().joinByInvite("").get(10, TimeUnit.SECONDS));
    refusedWith(ErrorCode.INVALID_ARGUMENT,
        () -> owner.sdk().createInvite("short-lived", Duration.ofSeconds(Long.MAX_VALUE / 2)).get(10, TimeUnit.SECONDS));
    assertThat(eve.sdk().groups().get(10, TimeUnit.SECONDS)).isEmpty();
  }
}
