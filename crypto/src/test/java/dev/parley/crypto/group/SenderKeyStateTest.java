package dev.parley.crypto.group;

import static dev.parley.crypto.group.Sent.send;
import static dev.parley.crypto.group.Sent.text;
import static dev.parley.crypto.group.Sent.utf8;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.kdf.Hkdf;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SenderKeyStateTest {
  private final SecureRandom random = new SecureRandom();
  private final SenderKeyState alice = SenderKeyState.create(random);

  /** Follows the package documentation with the JDK's HMAC and AES-GCM, not this package's code. */
  @Test
  void messagesFollowTheDocumentedChainLayoutAndSignature() throws Exception {
    SenderKeyDistribution start = alice.distribution();
    byte[] first = alice.encrypt(utf8("first"));
    byte[] second = alice.encrypt(utf8("second"));

    byte[] chainKey0 = start.chainKey();
    byte[] chainKey1 = hmac(chainKey0, 0x02);
    assertThat(plaintextOf(first, hmac(chainKey0, 0x01))).isEqualTo("first");
    assertThat(plaintextOf(second, hmac(chainKey1, 0x01))).isEqualTo("second");
    assertThat(alice.distribution().chainKey()).isEqualTo(hmac(chainKey1, 0x02));

    ByteBuffer header = ByteBuffer.wrap(second);
    assertThat(second).hasSize(9 + "second".length() + 16 + 64);
    assertThat(header.get(0)).isEqualTo((byte) 1);
    assertThat(header.getInt(1)).isEqualTo(alice.keyId());
    assertThat(header.getInt(5)).isEqualTo(1);
    byte[] body = Arrays.copyOf(second, second.length - 64);
    byte[] signed = concat("parley-senderkey-signature-v1".getBytes(US_ASCII), body);
    byte[] signature = Arrays.copyOfRange(second, second.length - 64, second.length);
    assertThat(start.signatureKey().verify(signed, signature)).isTrue();
    assertThat(start.signatureKey().verify(body, signature)).isFalse();
  }

  @Test
  void eachMessageUsesTheNextIterationAndAFreshKey() {
    byte[] first = alice.encrypt(utf8("same"));
    byte[] second = alice.encrypt(utf8("same"));

    assertThat(alice.iteration()).isEqualTo(2);
    assertThat(Arrays.copyOfRange(second, 9, second.length - 64))
        .isNotEqualTo(Arrays.copyOfRange(first, 9, first.length - 64));
  }

  @Test
  void newSenderKeysHaveRandomNonNegativeIdsAndTheirOwnSignatureKeys() {
    Set<Integer> ids = new HashSet<>();
    Set<Object> signatureKeys = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      SenderKeyState state = SenderKeyState.create(random);
      assertThat(state.keyId()).isNotNegative();
      assertThat(state.iteration()).isZero();
      ids.add(state.keyId());
      signatureKeys.add(state.distribution().signatureKey());
    }
    assertThat(ids).hasSizeGreaterThan(1);
    assertThat(signatureKeys).hasSize(20);
  }

  @Test
  void stateSurvivesSerializationMidStream() throws Exception {
    SenderKeyReceiver bob = SenderKeyReceiver.fromDistribution(alice.distribution());
    List<Sent> before = send(alice, "before", 3);

    SenderKeyState restored = SenderKeyState.fromBytes(alice.toBytes());

    assertThat(restored.toBytes())
        .isEqualTo(alice.toBytes())
        .hasSize(SenderKeyState.ENCODED_LENGTH);
    assertThat(restored.distribution()).isEqualTo(alice.distribution());
    assertThat(text(bob.decrypt(restored.encrypt(utf8("after"))))).isEqualTo("after");
    for (Sent message : before) {
      assertThat(text(bob.decrypt(message.bytes()))).isEqualTo(message.text());
    }
  }

  @Test
  void malformedStateBytesAreRefused() {
    byte[] bytes = alice.toBytes();

    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThatIllegalArgumentException().isThrownBy(() -> SenderKeyState.fromBytes(truncated));
    }
    byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
    byte[] badVersion = bytes.clone();
    badVersion[0] = 2;
    byte[] hugeIteration = bytes.clone();
    hugeIteration[5] = (byte) 0x80;
    for (byte[] bad : List.of(trailing, badVersion, hugeIteration)) {
      assertThatIllegalArgumentException().isThrownBy(() -> SenderKeyState.fromBytes(bad));
    }
  }

  @Test
  void anExhaustedChainRefusesToEncrypt() throws Exception {
    SenderKeyState nearEnd =
        new SenderKeyState(
            7, SenderKeyMessage.MAX_ITERATION, new byte[32], IdentityKeyPair.generate(random));
    SenderKeyReceiver bob = SenderKeyReceiver.fromDistribution(nearEnd.distribution());

    assertThat(text(bob.decrypt(nearEnd.encrypt(utf8("last"))))).isEqualTo("last");
    assertThat(bob.iteration()).isEqualTo(Integer.MAX_VALUE);
    assertThatIllegalStateException().isThrownBy(() -> nearEnd.encrypt(utf8("one too many")));
  }

  private static String plaintextOf(byte[] message, byte[] messageKey) throws Exception {
    byte[] derived =
        Hkdf.sha256(messageKey, new byte[32], "parley-senderkey-message-v1".getBytes(US_ASCII), 44);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(Arrays.copyOf(derived, 32), "AES"),
        new GCMParameterSpec(128, Arrays.copyOfRange(derived, 32, 44)));
    gcm.updateAAD(Arrays.copyOf(message, 9));
    return text(gcm.doFinal(Arrays.copyOfRange(message, 9, message.length - 64)));
  }

  private static byte[] hmac(byte[] key, int input) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(new byte[] {(byte) input});
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
