package dev.parley.crypto.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IdentityPublicKeyTest {
  private static final byte[] MESSAGE = "hello bob".getBytes(UTF_8);
  private final SecureRandom random = new SecureRandom();
  private final IdentityKeyPair alice = IdentityKeyPair.generate(random);
  private final byte[] signature = alice.sign(MESSAGE);

  @Test
  void verifyRejectsEveryFlippedBitOfTheSignature() {
    for (int bit = 0; bit < signature.length * 8; bit++) {
      byte[] tampered = signature.clone();
      tampered[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(alice.publicKey().verify(MESSAGE, tampered)).as("bit %d", bit).isFalse();
    }
  }

  @Test
  void verifyRejectsAFlippedBitOfTheMessage() {
    byte[] tampered = MESSAGE.clone();
    tampered[3] ^= 0x10;

    assertThat(alice.publicKey().verify(tampered, signature)).isFalse();
  }

  @Test
  void verifyRejectsSignatureByAnotherKey() {
    IdentityKeyPair mallory = IdentityKeyPair.generate(random);

    assertThat(mallory.publicKey().verify(MESSAGE, signature)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 32, 63, 65, 128})
  void verifyReturnsFalseForWrongLengthSignatureWithoutThrowing(int length) {
    byte[] wrong = Arrays.copyOf(signature, length);

    assertThat(alice.publicKey().verify(MESSAGE, wrong)).isFalse();
  }

  @Test
  void verifyReturnsFalseForNullInputs() {
    assertThat(alice.publicKey().verify(null, signature)).isFalse();
    assertThat(alice.publicKey().verify(MESSAGE, null)).isFalse();
  }

  @Test
  void keyThatIsNotACurvePointVerifiesNothingWithoutThrowing() {
    // y = 2 has no x on edwards25519: (y^2 - 1) / (d y^2 + 1) is a non-square mod p.
    byte[] notAPoint = new byte[32];
    notAPoint[0] = 2;
    IdentityPublicKey bogus = new IdentityPublicKey(notAPoint);

    assertThat(bogus.verify(MESSAGE, signature)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 31, 33, 64})
  void constructorRefusesWrongLength(int length) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new IdentityPublicKey(new byte[length]))
        .withMessageContaining("32 bytes");
  }

  @Test
  void bytesAreCopiedInAndOut() {
    byte[] raw = alice.publicKey().bytes();
    IdentityPublicKey key = new IdentityPublicKey(raw);
    raw[0] ^= 1;
    key.bytes()[1] ^= 1;

    assertThat(key).isEqualTo(alice.publicKey());
    assertThat(key.verify(MESSAGE, signature)).isTrue();
  }

  @Test
  void equalityAndHashAreByContent() {
    IdentityPublicKey copy = new IdentityPublicKey(alice.publicKey().bytes());

    assertThat(copy).isEqualTo(alice.publicKey()).hasSameHashCodeAs(alice.publicKey());
    assertThat(copy).isNotEqualTo(IdentityKeyPair.generate(random).publicKey());
  }

  @Test
  void hexIsLowercaseAndSixtyFourCharacters() {
    assertThat(alice.publicKey().toHex()).matches("[0-9a-f]{64}");
    assertThat(alice.publicKey().toString()).contains(alice.publicKey().toHex());
  }

  @Test
  void repeatedChecksByOneKeyUseItsDecodedFormAndStillRejectWhatItDidNotSign() {
    IdentityKeyPair pair = IdentityKeyPair.generate(new SecureRandom());
    byte[] message = "transcript".getBytes(UTF_8);
    byte[] signature = pair.sign(message);
    for (int i = 0; i < 5; i++) {
      // A fresh key object each time, as the server builds one per request from stored bytes.
      IdentityPublicKey key = new IdentityPublicKey(pair.publicKey().bytes());
      assertThat(key.verify(message, signature)).isTrue();
      assertThat(key.verify("other".getBytes(UTF_8), signature)).isFalse();
    }
    IdentityKeyPair other = IdentityKeyPair.generate(new SecureRandom());
    assertThat(other.publicKey().verify(message, signature)).isFalse();
  }

  @Test
  void theDecodedKeysStayWithinTheirBound() {
    SecureRandom random = new SecureRandom();
    byte[] message = {1};
    for (int i = 0; i < DecodedKeys.MAX_KEYS + 500; i++) {
      IdentityKeyPair.generate(random).publicKey().verify(message, new byte[64]);
    }
    assertThat(DecodedKeys.size()).isLessThanOrEqualTo(DecodedKeys.MAX_KEYS);
  }
}
