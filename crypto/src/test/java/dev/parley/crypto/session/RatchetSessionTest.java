package dev.parley.crypto.session;

import static dev.parley.crypto.session.Conversation.text;
import static dev.parley.crypto.session.Conversation.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.parley.crypto.session.DecryptionException.Reason;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RatchetSessionTest {
  private final SecureRandom random = new SecureRandom();
  private final Random shuffler = new Random(20240611);
  private RatchetSession alice;
  private RatchetSession bob;

  @BeforeEach
  void establish() throws Exception {
    Conversation conversation = Conversation.establish(random);
    alice = conversation.alice();
    bob = conversation.bob();
  }

  @Test
  void messagesInOrderDecryptInBothDirections() throws Exception {
    for (int i = 0; i < 20; i++) {
      for (int j = 0; j < 3; j++) {
        assertThat(text(bob.decrypt(alice.encrypt(utf8("a" + i + j))))).isEqualTo("a" + i + j);
      }
      assertThat(text(alice.decrypt(bob.encrypt(utf8("b" + i))))).isEqualTo("b" + i);
    }
  }

  @Test
  void shuffledMessagesOfOneChainAllDecrypt() throws Exception {
    List<Sent> sent = send(alice, "m", 50);
    Collections.shuffle(sent, shuffler);

    for (Sent message : sent) {
      assertThat(text(bob.decrypt(message.bytes()))).isEqualTo(message.text());
    }
    assertThat(bob.skipped().size()).isZero();
  }

  @Test
  void shuffledMessagesAcrossADhRatchetStepAllDecrypt() throws Exception {
    List<Sent> sent = new ArrayList<>(send(alice, "before", 25));
    alice.decrypt(bob.encrypt(utf8("reply"))); // Alice ratchets: her next messages use a new key
    sent.addAll(send(alice, "after", 25));
    Collections.shuffle(sent, shuffler);

    for (Sent message : sent) {
      assertThat(text(bob.decrypt(message.bytes()))).isEqualTo(message.text());
    }
    assertThat(bob.skipped().size()).isZero();
    assertThat(text(alice.decrypt(bob.encrypt(utf8("still fine"))))).isEqualTo("still fine");
  }

  @Test
  void eachReplyStartsAChainUnderAFreshRatchetKey() throws Exception {
    byte[] first = alice.encrypt(utf8("1"));
    bob.decrypt(first);
    alice.decrypt(bob.encrypt(utf8("2")));
    byte[] second = alice.encrypt(utf8("3"));

    assertThat(Arrays.copyOfRange(second, 1, 33)).isNotEqualTo(Arrays.copyOfRange(first, 1, 33));
  }

  @Test
  void aDeliveredMessageCannotBeDecryptedAgain() throws Exception {
    byte[] message = alice.encrypt(utf8("once"));
    bob.decrypt(message);
    byte[] stateAfter = bob.toBytes();

    assertThatExceptionOfType(DuplicateMessageException.class)
        .isThrownBy(() -> bob.decrypt(message));
    assertThat(bob.toBytes()).isEqualTo(stateAfter);
  }

  @Test
  void aSkippedMessageCannotBeDecryptedAgainOnceItsKeyIsUsed() throws Exception {
    byte[] early = alice.encrypt(utf8("early"));
    bob.decrypt(alice.encrypt(utf8("late")));
    bob.decrypt(early);

    assertThatExceptionOfType(DuplicateMessageException.class).isThrownBy(() -> bob.decrypt(early));
  }

  @Test
  void replayFromAnEarlierChainIsReportedAsDuplicate() throws Exception {
    byte[] old = alice.encrypt(utf8("old chain"));
    bob.decrypt(old);
    alice.decrypt(bob.encrypt(utf8("reply")));
    bob.decrypt(alice.encrypt(utf8("new chain")));

    assertThatExceptionOfType(DuplicateMessageException.class)
        .isThrownBy(() -> bob.decrypt(old))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.DUPLICATE));
  }

  @Test
  void everyTamperedByteIsRejectedAndLeavesTheSessionUnchanged() throws Exception {
    bob.decrypt(alice.encrypt(utf8("warm up")));
    alice.decrypt(bob.encrypt(utf8("ratchet"))); // the next message carries a new ratchet key
    byte[] message = alice.encrypt(utf8("attack at dawn"));
    byte[] stateBefore = bob.toBytes();

    for (int i = 0; i < message.length; i++) {
      byte[] tampered = message.clone();
      tampered[i] ^= (byte) (i < 41 ? 0x80 : 0x01);
      assertThatExceptionOfType(DecryptionException.class).isThrownBy(() -> bob.decrypt(tampered));
      assertThat(bob.toBytes()).as("state after tampering byte %d", i).isEqualTo(stateBefore);
    }
    assertThat(text(bob.decrypt(message))).isEqualTo("attack at dawn");
  }

  @Test
  void tamperingReportsWhatWentWrong() throws Exception {
    byte[] message = alice.encrypt(utf8("x"));
    byte[] version = message.clone();
    version[0] = 2;
    byte[] ciphertext = message.clone();
    ciphertext[45] ^= 1;
    byte[] counter = message.clone();
    counter[40] ^= 2; // n = 1 becomes 3: a not-yet-seen number, so it must fail authentication
    byte[] replayedCounter = message.clone();
    replayedCounter[40] ^= 1; // n = 1 becomes 0, whose key is already used

    assertReason(version, Reason.MALFORMED);
    assertReason(Arrays.copyOf(message, 56), Reason.MALFORMED);
    assertReason(ciphertext, Reason.AUTHENTICATION_FAILED);
    assertReason(counter, Reason.AUTHENTICATION_FAILED);
    assertReason(replayedCounter, Reason.DUPLICATE);
    assertThat(text(bob.decrypt(message))).isEqualTo("x");
  }

  @Test
  void aMessageFromAnotherSessionDoesNotDecrypt() throws Exception {
    Conversation other = Conversation.establish(random);
    byte[] stateBefore = bob.toBytes();

    assertReason(other.alice().encrypt(utf8("wrong session")), Reason.AUTHENTICATION_FAILED);
    assertThat(bob.toBytes()).isEqualTo(stateBefore);
  }

  @Test
  void aMessageMoreThanMaxSkipAheadIsRejectedAndTheSessionCarriesOn() throws Exception {
    List<Sent> sent = send(alice, "m", RatchetSession.MAX_SKIP + 2);
    byte[] stateBefore = bob.toBytes();

    // Bob expects message 1; the last is number 1 + MAX_SKIP + 1, one beyond the bound.
    assertReason(sent.get(sent.size() - 1).bytes(), Reason.TOO_MANY_SKIPPED);
    assertThat(bob.toBytes()).isEqualTo(stateBefore);
    assertThat(text(bob.decrypt(sent.get(0).bytes()))).isEqualTo("m0");
    // Now exactly MAX_SKIP - 1 ahead of message 2: within the bound.
    assertThat(text(bob.decrypt(sent.get(sent.size() - 2).bytes())))
        .isEqualTo(sent.get(sent.size() - 2).text());
    assertThat(bob.skipped().size()).isEqualTo(RatchetSession.MAX_SKIP - 1);
  }

  @Test
  void skipBoundAppliesToTheOldChainWhenANewRatchetKeyArrives() throws Exception {
    send(alice, "lost", RatchetSession.MAX_SKIP + 1); // Bob never sees these
    alice.decrypt(bob.encrypt(utf8("reply")));
    byte[] next = alice.encrypt(utf8("new chain")); // pn = MAX_SKIP + 2, Bob's Nr = 1

    assertReason(next, Reason.TOO_MANY_SKIPPED);
  }

  @Test
  void storedSkippedKeysAreBoundedWithTheOldestEvicted() throws Exception {
    List<byte[]> firstOfEachChain = new ArrayList<>();
    for (int chain = 0; chain < 3; chain++) {
      List<Sent> sent = send(alice, "c" + chain + "-", RatchetSession.MAX_SKIP + 1);
      firstOfEachChain.add(sent.get(0).bytes());
      bob.decrypt(sent.get(sent.size() - 1).bytes()); // skips MAX_SKIP keys
      alice.decrypt(bob.encrypt(utf8("ack " + chain)));
    }

    assertThat(bob.skipped().size()).isEqualTo(RatchetSession.MAX_STORED_SKIPPED_KEYS);
    assertThatExceptionOfType(DuplicateMessageException.class)
        .isThrownBy(() -> bob.decrypt(firstOfEachChain.get(0)));
    assertThat(text(bob.decrypt(firstOfEachChain.get(1)))).isEqualTo("c1-0");
    assertThat(text(bob.decrypt(firstOfEachChain.get(2)))).isEqualTo("c2-0");
  }

  @Test
  void sessionsSurviveSerializationMidConversation() throws Exception {
    List<Sent> pending = send(alice, "pending", 5);
    bob.decrypt(pending.get(4).bytes()); // leaves four skipped keys
    alice.decrypt(bob.encrypt(utf8("reply")));

    RatchetSession restoredAlice = RatchetSession.fromBytes(alice.toBytes(), random);
    RatchetSession restoredBob = RatchetSession.fromBytes(bob.toBytes(), random);

    assertThat(restoredBob.toBytes()).isEqualTo(bob.toBytes());
    assertThat(restoredBob.remoteIdentity()).isEqualTo(bob.remoteIdentity());
    for (int i = 0; i < 4; i++) {
      assertThat(text(restoredBob.decrypt(pending.get(i).bytes()))).isEqualTo("pending" + i);
    }
    for (int i = 0; i < 10; i++) {
      assertThat(text(restoredBob.decrypt(restoredAlice.encrypt(utf8("a" + i)))))
          .isEqualTo("a" + i);
      assertThat(text(restoredAlice.decrypt(restoredBob.encrypt(utf8("b" + i)))))
          .isEqualTo("b" + i);
    }
  }

  @Test
  void aFreshResponderSessionSurvivesSerialization() throws Exception {
    SecureRandom r = new SecureRandom();
    TestDevice aliceDevice = new TestDevice(r);
    TestDevice bobDevice = new TestDevice(r);
    Initiation initiation = SessionInitiator.initiate(aliceDevice.keys, bobDevice.bundle(), r);
    byte[] first = initiation.session().encrypt(utf8("first"));
    RatchetSession restored =
        RatchetSession.fromBytes(bobDevice.accept(initiation.header()).toBytes(), r);

    assertThat(text(restored.decrypt(first))).isEqualTo("first");
  }

  @Test
  void malformedSessionBytesAreRefused() throws Exception {
    bob.decrypt(alice.encrypt(utf8("x")));
    bob.decrypt(send(alice, "skip", 3).get(2).bytes());
    byte[] bytes = bob.toBytes();
    byte[] badVersion = bytes.clone();
    badVersion[0] = 9;
    byte[] badRole = bytes.clone();
    badRole[1] = 2;

    for (int length = 0; length < bytes.length; length += 7) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThatIllegalArgumentException().isThrownBy(() -> RatchetSession.fromBytes(truncated));
    }
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RatchetSession.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)));
    assertThatIllegalArgumentException().isThrownBy(() -> RatchetSession.fromBytes(badVersion));
    assertThatIllegalArgumentException().isThrownBy(() -> RatchetSession.fromBytes(badRole));
  }

  @Test
  void toStringShowsNoKeyMaterial() {
    String shown = alice.toString() + bob.toString();

    assertThat(shown).doesNotContainIgnoringCase(hex(alice.state().rootKey()));
    assertThat(shown).doesNotContainIgnoringCase(hex(alice.state().sendingChainKey()));
    assertThat(shown)
        .doesNotContainIgnoringCase(hex(alice.state().sendingRatchetKey().privateKeyBytes()));
  }

  private void assertReason(byte[] message, Reason reason) {
    assertThatExceptionOfType(DecryptionException.class)
        .isThrownBy(() -> bob.decrypt(message))
        .satisfies(e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static List<Sent> send(RatchetSession from, String prefix, int count) {
    List<Sent> sent = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      sent.add(new Sent(prefix + i, from.encrypt(utf8(prefix + i))));
    }
    return sent;
  }

  private static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }

  private record Sent(String text, byte[] bytes) {}
}
