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
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SenderKeyReceiverTest {
  private final SecureRandom random = new SecureRandom();
  private final Random shuffler = new Random(20240611);
  private final SenderKeyState alice = SenderKeyState.create(random);
  private final SenderKeyReceiver bob = SenderKeyReceiver.fromDistribution(alice.distribution());

  @Test
  void oneSenderReachesThreeReceivers() throws Exception {
    List<SenderKeyReceiver> members = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      members.add(SenderKeyReceiver.fromDistribution(alice.distribution()));
    }

    for (int i = 0; i < 10; i++) {
      byte[] message = alice.encrypt(utf8("hello group " + i));
      for (SenderKeyReceiver member : members) {
        assertThat(text(member.decrypt(message))).isEqualTo("hello group " + i);
      }
    }
    for (SenderKeyReceiver member : members) {
      assertThat(member.iteration()).isEqualTo(10);
      assertThat(member.skipped().size()).isZero();
    }
  }

  @Test
  void hundredShuffledMessagesAllDecrypt() throws Exception {
    List<Sent> sent = send(alice, "m", 100);
    Collections.shuffle(sent, shuffler);

    for (Sent message : sent) {
      assertThat(text(bob.decrypt(message.bytes()))).isEqualTo(message.text());
    }
    assertThat(bob.skipped().size()).isZero();
    assertThat(bob.iteration()).isEqualTo(100);
  }

  @Test
  void aDecryptedMessageIsRejectedAsDuplicateAndChangesNothing() throws Exception {
    byte[] message = alice.encrypt(utf8("once"));
    bob.decrypt(message);
    byte[] stateAfter = bob.toBytes();

    assertThatExceptionOfType(DuplicateGroupMessageException.class)
        .isThrownBy(() -> bob.decrypt(message))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.DUPLICATE));
    assertThat(bob.toBytes()).isEqualTo(stateAfter);
  }

  @Test
  void aSkippedMessageDecryptsOnceOnly() throws Exception {
    byte[] early = alice.encrypt(utf8("early"));
    bob.decrypt(alice.encrypt(utf8("late")));
    assertThat(text(bob.decrypt(early))).isEqualTo("early");

    assertThatExceptionOfType(DuplicateGroupMessageException.class)
        .isThrownBy(() -> bob.decrypt(early));
    assertThat(bob.skipped().size()).isZero();
  }

  @Test
  void everyTamperedByteIsRejectedAndLeavesTheReceiverUnchanged() throws Exception {
    bob.decrypt(alice.encrypt(utf8("warm up")));
    alice.encrypt(utf8("lost")); // bob has to skip one key for the next message
    byte[] message = alice.encrypt(utf8("attack at dawn"));
    byte[] stateBefore = bob.toBytes();

    for (int i = 0; i < message.length; i++) {
      byte[] tampered = message.clone();
      tampered[i] ^= 0x01; // never the top bit of a u32, so every header still parses
      Reason expected =
          i == 0 ? Reason.MALFORMED : i < 5 ? Reason.UNKNOWN_KEY_ID : Reason.BAD_SIGNATURE;
      assertReason(bob, tampered, expected);
      assertThat(bob.toBytes()).as("state after tampering byte %d", i).isEqualTo(stateBefore);
    }
    assertThat(text(bob.decrypt(message))).isEqualTo("attack at dawn");
  }

  @Test
  void aMemberHoldingTheChainKeyCannotForgeTheSendersMessages() throws Exception {
    bob.decrypt(alice.encrypt(utf8("genuine")));
    // Carol is in the group, so she holds Alice's distribution, but not her signature key.
    SenderKeyDistribution leaked = alice.distribution();
    SenderKeyState forger =
        new SenderKeyState(
            leaked.keyId(),
            leaked.iteration(),
            leaked.chainKey(),
            IdentityKeyPair.generate(random));
    byte[] forged = forger.encrypt(utf8("send me your password"));
    byte[] stateBefore = bob.toBytes();

    assertReason(bob, forged, Reason.BAD_SIGNATURE);
    assertThat(bob.toBytes()).isEqualTo(stateBefore);
    assertThat(text(bob.decrypt(alice.encrypt(utf8("real"))))).isEqualTo("real");
  }

  @Test
  void aMessageUnderAnotherMembersSenderKeyIsAnUnknownKeyId() throws Exception {
    SenderKeyState carol = SenderKeyState.create(random);
    byte[] stateBefore = bob.toBytes();

    assertThatExceptionOfType(UnknownSenderKeyException.class)
        .isThrownBy(() -> bob.decrypt(carol.encrypt(utf8("not alice"))))
        .satisfies(e -> assertThat(e.keyId()).isEqualTo(carol.keyId()))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY_ID));
    assertThat(bob.toBytes()).isEqualTo(stateBefore);
  }

  @Test
  void aSignedMessageOnADifferentChainFailsAuthentication() throws Exception {
    // An equivocating sender gave this member a chain it does not encrypt with.
    SenderKeyDistribution real = alice.distribution();
    SenderKeyReceiver misled =
        SenderKeyReceiver.fromDistribution(
            new SenderKeyDistribution(
                real.keyId(), real.iteration(), new byte[32], real.signatureKey()));
    byte[] message = alice.encrypt(utf8("x"));
    byte[] stateBefore = misled.toBytes();

    assertReason(misled, message, Reason.AUTHENTICATION_FAILED);
    assertThat(misled.toBytes()).isEqualTo(stateBefore);
  }

  @Test
  void aMessageMoreThanMaxSkipAheadIsRejectedAndTheReceiverCarriesOn() throws Exception {
    List<Sent> sent = send(alice, "m", SenderKeyReceiver.MAX_SKIP + 2);
    byte[] stateBefore = bob.toBytes();

    // Bob expects iteration 0; the last is MAX_SKIP + 1 ahead, one beyond the bound.
    assertReason(bob, sent.getLast().bytes(), Reason.TOO_MANY_SKIPPED);
    assertThat(bob.toBytes()).isEqualTo(stateBefore);
    // Exactly MAX_SKIP ahead is within the bound and stores MAX_SKIP skipped keys.
    Sent atBound = sent.get(SenderKeyReceiver.MAX_SKIP);
    assertThat(text(bob.decrypt(atBound.bytes()))).isEqualTo(atBound.text());
    assertThat(bob.skipped().size()).isEqualTo(SenderKeyReceiver.MAX_SKIP);
    assertThat(text(bob.decrypt(sent.getLast().bytes()))).isEqualTo(sent.getLast().text());
    assertThat(text(bob.decrypt(sent.getFirst().bytes()))).isEqualTo("m0");
  }

  @Test
  void storedSkippedKeysAreBoundedWithTheOldestEvicted() throws Exception {
    List<Sent> sent = send(alice, "m", SenderKeyReceiver.MAX_SKIP + 3);
    bob.decrypt(sent.get(SenderKeyReceiver.MAX_SKIP).bytes()); // stores iterations 0 .. 1999
    bob.decrypt(sent.getLast().bytes()); // stores 2001: 0 is evicted

    assertThat(bob.skipped().size()).isEqualTo(SenderKeyReceiver.MAX_STORED_SKIPPED_KEYS);
    assertThatExceptionOfType(DuplicateGroupMessageException.class)
        .isThrownBy(() -> bob.decrypt(sent.getFirst().bytes()));
    assertThat(text(bob.decrypt(sent.get(1).bytes()))).isEqualTo("m1");
    assertThat(text(bob.decrypt(sent.get(SenderKeyReceiver.MAX_SKIP + 1).bytes())))
        .isEqualTo("m" + (SenderKeyReceiver.MAX_SKIP + 1));
  }

  @Test
  void aReceiverFromALaterDistributionCannotDecryptEarlierMessages() throws Exception {
    List<Sent> before = send(alice, "before", 10);
    SenderKeyReceiver dave = SenderKeyReceiver.fromDistribution(alice.distribution());
    byte[] after = alice.encrypt(utf8("after"));

    assertThat(dave.iteration()).isEqualTo(10);
    for (Sent message : before) {
      assertThatExceptionOfType(DuplicateGroupMessageException.class)
          .isThrownBy(() -> dave.decrypt(message.bytes()));
    }
    assertThat(text(dave.decrypt(after))).isEqualTo("after");
    assertThat(text(bob.decrypt(before.getFirst().bytes()))).isEqualTo("before0");
  }

  @Test
  void receiverSurvivesSerializationMidStream() throws Exception {
    List<Sent> sent = send(alice, "m", 10);
    bob.decrypt(sent.get(2).bytes());
    bob.decrypt(sent.get(6).bytes()); // leaves 0, 1, 3, 4, 5 skipped

    SenderKeyReceiver restored = SenderKeyReceiver.fromBytes(bob.toBytes());

    assertThat(restored.toBytes()).isEqualTo(bob.toBytes());
    assertThat(restored.keyId()).isEqualTo(bob.keyId());
    assertThat(restored.signatureKey()).isEqualTo(bob.signatureKey());
    for (int i : new int[] {9, 0, 5, 1, 7, 3, 4, 8}) {
      assertThat(text(restored.decrypt(sent.get(i).bytes()))).isEqualTo("m" + i);
    }
    assertThatExceptionOfType(DuplicateGroupMessageException.class)
        .isThrownBy(() -> restored.decrypt(sent.get(6).bytes()));
    assertThat(restored.skipped().size()).isZero();
  }

  @Test
  void malformedMessagesAreRejectedAsMalformed() throws Exception {
    byte[] message = alice.encrypt(utf8("x"));
    byte[] badVersion = message.clone();
    badVersion[0] = 2;
    byte[] hugeKeyId = message.clone();
    hugeKeyId[1] = (byte) 0x80;
    byte[] lastIteration = message.clone();
    ByteBuffer.wrap(lastIteration).putInt(5, Integer.MAX_VALUE);

    for (int length = 0; length < SenderKeyMessage.MIN_LENGTH; length++) {
      assertReason(bob, Arrays.copyOf(message, length), Reason.MALFORMED);
    }
    assertReason(bob, badVersion, Reason.MALFORMED);
    assertReason(bob, hugeKeyId, Reason.MALFORMED);
    assertReason(bob, lastIteration, Reason.MALFORMED);
    assertThat(text(bob.decrypt(message))).isEqualTo("x");
  }

  @Test
  void malformedReceiverBytesAreRefused() throws Exception {
    List<Sent> sent = send(alice, "m", 4);
    bob.decrypt(sent.get(3).bytes()); // three skipped keys: iterations 0, 1, 2
    byte[] bytes = bob.toBytes();
    int skippedAt = 1 + 4 + 4 + 32 + 32 + 2;

    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThatIllegalArgumentException().isThrownBy(() -> SenderKeyReceiver.fromBytes(truncated));
    }
    assertRefused(Arrays.copyOf(bytes, bytes.length + 1));
    assertRefused(with(bytes, 0, 9));
    assertRefused(with(bytes, 1, 0x80)); // key id of 2^31 or more
    assertRefused(withShort(bytes, skippedAt - 2, SenderKeyReceiver.MAX_STORED_SKIPPED_KEYS + 1));
    assertRefused(withInt(bytes, skippedAt + 36, 0)); // iterations 0, 0, 2: out of order
    assertRefused(withInt(bytes, skippedAt + 72, 4)); // 0, 1, 4: not before the next expected 4
  }

  @Test
  void toStringShowsNoKeyMaterial() throws Exception {
    send(alice, "m", 2);
    bob.decrypt(alice.encrypt(utf8("x")));
    String shown = bob.toString() + alice + alice.distribution();

    assertThat(shown).doesNotContainIgnoringCase(hex(bob.chainKey()));
    assertThat(shown).doesNotContainIgnoringCase(hex(alice.distribution().chainKey()));
    assertThat(shown).contains(String.valueOf(alice.keyId()));
  }

  private static void assertReason(SenderKeyReceiver receiver, byte[] message, Reason reason) {
    assertThatExceptionOfType(GroupDecryptionException.class)
        .isThrownBy(() -> receiver.decrypt(message))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static void assertRefused(byte[] encoded) {
    assertThatIllegalArgumentException().isThrownBy(() -> SenderKeyReceiver.fromBytes(encoded));
  }

  private static byte[] with(byte[] bytes, int index, int value) {
    byte[] copy = bytes.clone();
    copy[index] = (byte) value;
    return copy;
  }

  private static byte[] withInt(byte[] bytes, int index, int value) {
    byte[] copy = bytes.clone();
    ByteBuffer.wrap(copy).putInt(index, value);
    return copy;
  }

  private static byte[] withShort(byte[] bytes, int index, int value) {
    byte[] copy = bytes.clone();
    ByteBuffer.wrap(copy).putShort(index, (short) value);
    return copy;
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
