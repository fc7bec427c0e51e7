package dev.parley.protocol.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.parley.crypto.group.SenderKeyState;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.group.PostTranscript;
import dev.parley.protocol.sdk.e2e.proto.Content;
import dev.parley.protocol.sdk.e2e.proto.SenderKeysDistribution;
import dev.parley.protocol.v1.GroupDevices;
import dev.parley.protocol.v1.GroupEnvelope;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * A device remembers which groups it has seen end-to-end and refuses a server that later presents
 * one of them as not end-to-end: it does not post there in the clear, and it does not show posts
 * written in the clear there. Runs the SDK's real keyring, sealer and opener, without a server.
 */
class GroupModeTest {
  static final SecureRandom RANDOM = new SecureRandom();
  static final long GROUP = 7;
  static final long OTHER_GROUP = 8;

  final CryptoStore store = CryptoStore.inMemory();
  final IdentityKeyPair me = IdentityKeyPair.generate(RANDOM);
  final Keyring keyring = Keyring.load(store, me, RANDOM);

  @Test
  void aGroupSeenEndToEndIsNeverAdmittedAsSignedAgainEvenAfterARestart() {
    GroupPostSealer sealer = new GroupPostSealer(keyring, me, RANDOM);
    sealer.admit(devices(GROUP, true));
    sealer.admit(devices(OTHER_GROUP, false)); // a large group or a channel: signed posts are its mode

    assertThatThrownBy(() -> sealer.admit(devices(GROUP, false)))
        .isInstanceOfSatisfying(GroupDowngradeException.class, e -> assertThat(e.groupId()).isEqualTo(GROUP));

    keyring.saveIfChanged();
    Keyring reloaded = Keyring.load(store, me, RANDOM);
    GroupPostSealer afterRestart = new GroupPostSealer(reloaded, me, RANDOM);
    assertThatThrownBy(() -> afterRestart.admit(devices(GROUP, false))).isInstanceOf(GroupDowngradeException.class);
    afterRestart.admit(devices(OTHER_GROUP, false));
  }

  @Test
  void aSignedPostIsRefusedInAGroupWhoseSenderKeyThisDeviceWasGivenAndShownElsewhere() {
    IdentityKeyPair poster = IdentityKeyPair.generate(RANDOM);
    keyring.learn(2, "bob", 3, poster.publicKey().bytes());
    GroupPostOpener opener = new GroupPostOpener(keyring);
    long group = opener.accept(2, 3, SenderKeysDistribution.newBuilder()
        .setGroupId(GROUP)
        .setDistribution(ByteString.copyFrom(SenderKeyState.create(RANDOM).distribution().toBytes()))
        .build());
    assertThat(group).isEqualTo(GROUP);

    assertThat(opener.open(GROUP, signedPost(poster, GROUP)))
        .isInstanceOfSatisfying(GroupPostOpener.Outcome.Unreadable.class,
            u -> assertThat(u.reason()).contains("end-to-end"));
    assertThat(opener.open(OTHER_GROUP, signedPost(poster, OTHER_GROUP)))
        .isInstanceOf(GroupPostOpener.Outcome.Opened.class);
  }

  private static GroupDevices devices(long group, boolean endToEnd) {
    return GroupDevices.newBuilder().setGroupId(group).setEndToEnd(endToEnd).build();
  }

  /** A correctly signed post by device 3 of user 2. */
  private static GroupEnvelope signedPost(IdentityKeyPair poster, long group) {
    byte[] body = GroupPostCodec.encode(
        Content.newBuilder().setBody(ByteString.copyFrom("hello".getBytes(StandardCharsets.UTF_8))).build());
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    return GroupEnvelope.newBuilder()
        .setSenderUserId(2).setSenderDeviceId(3).setSenderUsername("bob")
        .setClientMsgId(ByteString.copyFrom(id))
        .setBody(ByteString.copyFrom(body))
        .setSignature(ByteString.copyFrom(poster.sign(PostTranscript.of(group, 2, 3, id, body))))
        .build();
  }
}
