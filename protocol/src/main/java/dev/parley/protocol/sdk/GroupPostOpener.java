package dev.parley.protocol.sdk;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.parley.crypto.group.GroupDecryptionException;
import dev.parley.crypto.group.InvalidSenderKeyDistributionException;
import dev.parley.crypto.group.SenderKeyDistribution;
import dev.parley.crypto.group.SenderKeyRecord;
import dev.parley.crypto.group.UnknownSenderKeyException;
import dev.parley.crypto.identity.IdentityPublicKey;
import dev.parley.protocol.group.PostTranscript;
import dev.parley.protocol.sdk.e2e.proto.Content;
import dev.parley.protocol.sdk.e2e.proto.SenderKeysDistribution;
import dev.parley.protocol.v1.GroupEnvelope;

/**
 * Opens group posts, the reverse of {@link GroupPostSealer}: a post with a signature (a channel or a
 * large group) is checked against the sending device's identity key as this device knows it; a post
 * without one is sender-key ciphertext, decrypted with the record of its (group, sender device).
 * Decryption works on a copy of the record, kept only when the application took the post ({@link
 * Outcome.Opened#commit}). Also takes in the sender keys other members give this device. Confined to
 * the client's event loop.
 */
final class GroupPostOpener {
  /** What became of one post. */
  sealed interface Outcome {
    /** Readable; {@code commit} keeps the advanced sender key once the application took it. */
    record Opened(Content content, Runnable commit) implements Outcome {}

    /**
     * Not readable yet: the sender key has not arrived, or (when {@code fetchUserId} is not 0) this
     * device does not know the sender device's identity key and should ask the server for it.
     */
    record Waiting(String reason, long fetchUserId) implements Outcome {}

    /** Never readable: forged, tampered with, replayed, or malformed. */
    record Unreadable(String reason) implements Outcome {}
  }

  private final Keyring keyring;

  GroupPostOpener(Keyring keyring) {
    this.keyring = keyring;
  }

  Outcome open(long groupId, GroupEnvelope e) {
    return e.getSignature().isEmpty() ? decrypt(groupId, e) : verify(groupId, e);
  }

  private Outcome verify(long groupId, GroupEnvelope e) {
    if (keyring.groupKeys().isEndToEnd(groupId)) {
      // Whoever signed it, it was written readable by the server in a group whose posts never are.
      return new Outcome.Unreadable("a post in the clear in a group this device knows is end-to-end");
    }
    byte[] key = keyring.peer(e.getSenderUserId()).map(p -> p.devices.get(e.getSenderDeviceId())).orElse(null);
    if (key == null) return new Outcome.Waiting("the sending device's identity key is not known", e.getSenderUserId());
    byte[] body = e.getBody().toByteArray();
    if (e.getClientMsgId().size() != 16) return new Outcome.Unreadable("malformed client message id");
    byte[] transcript = PostTranscript.of(
        groupId, e.getSenderUserId(), e.getSenderDeviceId(), e.getClientMsgId().toByteArray(), body);
    if (!new IdentityPublicKey(key).verify(transcript, e.getSignature().toByteArray())) {
      return new Outcome.Unreadable("the signature does not verify");
    }
    return decode(body, () -> {});
  }

  private Outcome decrypt(long groupId, GroupEnvelope e) {
    GroupKeys.Sender sender = new GroupKeys.Sender(groupId, e.getSenderUserId(), e.getSenderDeviceId());
    SenderKeyRecord held = keyring.groupKeys().record(sender).orElse(null);
    if (held == null) return new Outcome.Waiting("no sender key from this device yet", 0);
    SenderKeyRecord copy = SenderKeyRecord.fromBytes(held.toBytes());
    byte[] plaintext;
    try {
      plaintext = copy.decrypt(e.getBody().toByteArray());
    } catch (UnknownSenderKeyException unknown) {
      return new Outcome.Waiting("the sender key it names has not arrived", 0);
    } catch (GroupDecryptionException failed) {
      return new Outcome.Unreadable(failed.getMessage());
    }
    return decode(plaintext, () -> {
      keyring.groupKeys().putRecord(sender, copy);
      keyring.groupKeys().markEndToEnd(groupId);
      keyring.changed(); // saved before the group acknowledgement, as for 1:1 messages
    });
  }

  private static Outcome decode(byte[] bytes, Runnable commit) {
    try {
      return new Outcome.Opened(GroupPostCodec.decode(bytes), commit);
    } catch (InvalidProtocolBufferException malformed) {
      return new Outcome.Unreadable("malformed content");
    }
  }

  /**
   * Takes in a sender key that ({@code userId}, {@code deviceId}) gave this device through their
   * pairwise session (which authenticates the giver). Not saved here: the caller saves it with the
   * session that carried it. Returns the group id, or 0 when the distribution is malformed.
   */
  long accept(long userId, long deviceId, SenderKeysDistribution given) {
    if (given.getGroupId() <= 0) return 0;
    try {
      SenderKeyDistribution distribution = SenderKeyDistribution.fromBytes(given.getDistribution().toByteArray());
      keyring.groupKeys().recordFor(new GroupKeys.Sender(given.getGroupId(), userId, deviceId)).add(distribution);
      // Only members of an end-to-end group give out sender keys, through sessions the server cannot forge.
      keyring.groupKeys().markEndToEnd(given.getGroupId());
      return given.getGroupId();
    } catch (InvalidSenderKeyDistributionException malformed) {
      return 0;
    }
  }
}
