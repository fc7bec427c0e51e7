package dev.parley.crypto.group;

import static dev.parley.crypto.group.Sent.send;
import static dev.parley.crypto.group.Sent.text;
import static dev.parley.crypto.group.Sent.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.parley.crypto.group.GroupDecryptionException.Reason;
import dev.parley.crypto.identity.IdentityKeyPair;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SenderKeyRecordTest {
  private final SecureRandom random = new SecureRandom();
  private final SenderKeyState alice = SenderKeyState.create(random);
  private final SenderKeyRecord bob = new SenderKeyRecord();

  @Test
  void afterRotationInFlightMessagesOfTheOldKeyStillDecrypt() throws Exception {
    assertThat(bob.add(alice.distribution())).isTrue();
    byte[] inFlight = alice.encrypt(utf8("sent before the rotation"));
    assertThat(text(bob.decrypt(alice.encrypt(utf8("delivered"))))).isEqualTo("delivered");

    SenderKeyState rotated = rotate(alice);
    assertThat(bob.add(rotated.distribution())).isTrue();

    assertThat(bob.keyIds()).containsExactly(rotated.keyId(), alice.keyId());
    assertThat(text(bob.decrypt(rotated.encrypt(utf8("new key"))))).isEqualTo("new key");
    assertThat(text(bob.decrypt(inFlight))).isEqualTo("sent before the rotation");
    assertThat(text(bob.decrypt(rotated.encrypt(utf8("new key again")))))
        .isEqualTo("new key again");
  }

  @Test
  void aRemovedMemberCannotReadMessagesAfterRotation() throws Exception {
    SenderKeyRecord removed = new SenderKeyRecord();
    removed.add(alice.distribution());
    bob.add(alice.distribution());
    removed.decrypt(alice.encrypt(utf8("while still a member")));

    SenderKeyState rotated = rotate(alice); // distributed to the remaining members only
    bob.add(rotated.distribution());
    byte[] afterRemoval = rotated.encrypt(utf8("after removal"));
    byte[] removedStateBefore = removed.toBytes();

    assertThatExceptionOfType(UnknownSenderKeyException.class)
        .isThrownBy(() -> removed.decrypt(afterRemoval))
        .satisfies(e -> assertThat(e.keyId()).isEqualTo(rotated.keyId()));
    assertThat(removed.toBytes()).isEqualTo(removedStateBefore);
    assertThat(text(bob.decrypt(afterRemoval))).isEqualTo("after removal");
  }

  @Test
  void atMostFiveKeysAreHeldAndTheOldestIsDropped() throws Exception {
    List<SenderKeyState> keys = new ArrayList<>();
    List<byte[]> firstMessages = new ArrayList<>();
    for (int i = 0; i <= SenderKeyRecord.MAX_KEYS; i++) {
      SenderKeyState key = i == 0 ? alice : rotate(keys.getLast());
      keys.add(key);
      bob.add(key.distribution());
      firstMessages.add(key.encrypt(utf8("key " + i)));
    }

    assertThat(bob.keyIds())
        .hasSize(SenderKeyRecord.MAX_KEYS)
        .containsExactlyElementsOf(
            keys.reversed().subList(0, SenderKeyRecord.MAX_KEYS).stream()
                .map(SenderKeyState::keyId)
                .toList());
    assertThatExceptionOfType(UnknownSenderKeyException.class)
        .isThrownBy(() -> bob.decrypt(firstMessages.getFirst()));
    for (int i = 1; i <= SenderKeyRecord.MAX_KEYS; i++) {
      assertThat(text(bob.decrypt(firstMessages.get(i)))).isEqualTo("key " + i);
    }
  }

  @Test
  void aResentDistributionDoesNotReopenUsedKeys() throws Exception {
    SenderKeyDistribution original = alice.distribution();
    bob.add(original);
    byte[] first = alice.encrypt(utf8("first"));
    bob.decrypt(first);
    byte[] stateAfter = bob.toBytes();

    assertThat(bob.add(original)).isFalse();
    assertThat(bob.toBytes()).isEqualTo(stateAfter);
    assertThatExceptionOfType(DuplicateGroupMessageException.class)
        .isThrownBy(() -> bob.decrypt(first));
  }

  @Test
  void aKnownKeyIdWithANewSignatureKeyReplacesTheOldReceiver() throws Exception {
    bob.add(alice.distribution());
    SenderKeyState sameId =
        new SenderKeyState(alice.keyId(), 0, new byte[32], IdentityKeyPair.generate(random));

    assertThat(bob.add(sameId.distribution())).isTrue();
    assertThat(bob.keyIds()).containsExactly(alice.keyId());
    assertThat(text(bob.decrypt(sameId.encrypt(utf8("replacement"))))).isEqualTo("replacement");
    assertReason(alice.encrypt(utf8("old")), Reason.BAD_SIGNATURE);
  }

  @Test
  void failedDecryptionLeavesTheRecordUnchanged() throws Exception {
    assertThatExceptionOfType(UnknownSenderKeyException.class)
        .isThrownBy(() -> bob.decrypt(alice.encrypt(utf8("too early"))));
    assertThat(bob.isEmpty()).isTrue();

    bob.add(alice.distribution());
    byte[] message = alice.encrypt(utf8("x"));
    byte[] badSignature = message.clone();
    badSignature[message.length - 1] ^= 1;
    byte[] stateBefore = bob.toBytes();

    assertReason(badSignature, Reason.BAD_SIGNATURE);
    assertReason(Arrays.copyOf(message, 20), Reason.MALFORMED);
    assertReason(SenderKeyState.create(random).encrypt(utf8("y")), Reason.UNKNOWN_KEY_ID);
    assertThat(bob.toBytes()).isEqualTo(stateBefore);
    assertThat(text(bob.decrypt(message))).isEqualTo("x");
  }

  @Test
  void recordSurvivesSerializationMidStream() throws Exception {
    bob.add(alice.distribution());
    List<Sent> old = send(alice, "old", 4);
    bob.decrypt(old.get(3).bytes());
    SenderKeyState rotated = rotate(alice);
    bob.add(rotated.distribution());
    List<Sent> current = send(rotated, "new", 3);
    bob.decrypt(current.get(1).bytes());

    SenderKeyRecord restored = SenderKeyRecord.fromBytes(bob.toBytes());

    assertThat(restored.toBytes()).isEqualTo(bob.toBytes());
    assertThat(restored.keyIds()).isEqualTo(bob.keyIds());
    for (Sent message : List.of(old.get(0), current.get(0), old.get(2), current.get(2))) {
      assertThat(text(restored.decrypt(message.bytes()))).isEqualTo(message.text());
    }
    assertThat(SenderKeyRecord.fromBytes(new SenderKeyRecord().toBytes()).isEmpty()).isTrue();
  }

  @Test
  void malformedRecordBytesAreRefused() throws Exception {
    bob.add(alice.distribution());
    bob.decrypt(send(alice, "m", 2).get(1).bytes());
    bob.add(rotate(alice).distribution());
    byte[] bytes = bob.toBytes();
    byte[] receiver = SenderKeyReceiver.fromDistribution(alice.distribution()).toBytes();
    byte[] repeated =
        ByteBuffer.allocate(2 + 2 * receiver.length)
            .put((byte) 1)
            .put((byte) 2)
            .put(receiver)
            .put(receiver)
            .array();

    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThatIllegalArgumentException().isThrownBy(() -> SenderKeyRecord.fromBytes(truncated));
    }
    byte[] badVersion = bytes.clone();
    badVersion[0] = 2;
    byte[] tooMany = bytes.clone();
    tooMany[1] = (byte) (SenderKeyRecord.MAX_KEYS + 1);
    byte[] fewerThanStored = bytes.clone();
    fewerThanStored[1] = 1;
    for (byte[] bad :
        List.of(
            Arrays.copyOf(bytes, bytes.length + 1),
            badVersion,
            tooMany,
            fewerThanStored,
            repeated)) {
      assertThatIllegalArgumentException().isThrownBy(() -> SenderKeyRecord.fromBytes(bad));
    }
  }

  /** What a sender does when membership changes: a new sender key with a new id. */
  private SenderKeyState rotate(SenderKeyState previous) {
    SenderKeyState next;
    do {
      next = SenderKeyState.create(random);
    } while (next.keyId() == previous.keyId());
    return next;
  }

  private void assertReason(byte[] message, Reason reason) {
    assertThatExceptionOfType(GroupDecryptionException.class)
        .isThrownBy(() -> bob.decrypt(message))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
