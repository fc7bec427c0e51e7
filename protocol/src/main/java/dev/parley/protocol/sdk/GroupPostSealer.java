package dev.parley.protocol.sdk;

import com.google.protobuf.ByteString;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.group.PostTranscript;
import dev.parley.protocol.sdk.e2e.proto.Content;
import dev.parley.protocol.v1.GroupDevices;
import dev.parley.protocol.v1.GroupRef;
import dev.parley.protocol.v1.GroupSend;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Turns a group post's {@link Content} into the {@link GroupSend} the server stores: in an
 * end-to-end group, the padded content encrypted once under this device's sender key (the server
 * sees ciphertext); elsewhere, the content as is with this device's Ed25519 signature over {@link
 * PostTranscript}. The reverse is {@link GroupPostOpener}. Confined to the client's event loop.
 */
final class GroupPostSealer {
  private final Keyring keyring;
  private final IdentityKeyPair identity;
  private final SecureRandom random;

  GroupPostSealer(Keyring keyring, IdentityKeyPair identity, SecureRandom random) {
    this.keyring = keyring;
    this.identity = identity;
    this.random = random;
  }

  /**
   * Checks the mode the server gives {@code devices}' group against what this device has seen: an
   * end-to-end group is remembered (saved with the next save, before its first post goes out), and
   * one remembered as end-to-end that the server now lists otherwise is refused.
   */
  void admit(GroupDevices devices) {
    long group = devices.getGroupId();
    if (devices.getEndToEnd()) {
      if (keyring.groupKeys().markEndToEnd(group)) keyring.changed();
    } else if (keyring.groupKeys().isEndToEnd(group)) {
      throw new GroupDowngradeException(group);
    }
  }

  /**
   * Encrypts under this device's current sender key in {@code groupId}, which must exist (see
   * {@link SenderKeyDistributor}), and saves the advanced key before returning: a copy saved earlier
   * would encrypt the next post with this post's message key.
   */
  GroupSend encrypted(long groupId, byte[] clientMsgId, Content content, Duration ttl) {
    GroupKeys.Own own = keyring.groupKeys().own(groupId)
        .orElseThrow(() -> new IllegalStateException("no sender key in group " + groupId));
    byte[] body = own.state.encrypt(GroupPostCodec.encode(Sealer.padded(content, random)));
    keyring.save();
    return frame(groupId, clientMsgId, body, ttl).build();
  }

  /** Signs the content as it is, for a group that is not end-to-end. */
  GroupSend signed(AccountInfo me, long groupId, byte[] clientMsgId, Content content, Duration ttl) {
    byte[] body = GroupPostCodec.encode(content);
    byte[] signature = identity.sign(PostTranscript.of(groupId, me.userId(), me.deviceId(), clientMsgId, body));
    return frame(groupId, clientMsgId, body, ttl).setSignature(ByteString.copyFrom(signature)).build();
  }

  private static GroupSend.Builder frame(long groupId, byte[] clientMsgId, byte[] body, Duration ttl) {
    return GroupSend.newBuilder()
        .setGroup(GroupRef.newBuilder().setGroupId(groupId))
        .setClientMsgId(ByteString.copyFrom(clientMsgId))
        .setBody(ByteString.copyFrom(body))
        .setTtlSeconds(ttl.toSeconds());
  }
}
