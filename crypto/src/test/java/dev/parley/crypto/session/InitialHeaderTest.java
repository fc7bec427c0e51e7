package dev.parley.crypto.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link InitialHeader#fromBytes} accepts exactly one encoding per header. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InitialHeaderTest {
  private static final int FLAG_OFFSET = 1 + 32 + 32 + 64 + 32 + 4;
  private static InitialHeader withOneTime;
  private static InitialHeader withoutOneTime;

  @BeforeAll
  static void makeHeaders() throws Exception {
    SecureRandom random = new SecureRandom();
    TestDevice alice = new TestDevice(random);
    TestDevice bob = new TestDevice(random);
    withOneTime = SessionInitiator.initiate(alice.keys, bob.bundle(true, false), random).header();
    withoutOneTime =
        SessionInitiator.initiate(alice.keys, bob.bundle(false, true), random).header();
  }

  @Test
  void everyTruncationIsRefused() {
    for (InitialHeader header : new InitialHeader[] {withOneTime, withoutOneTime}) {
      byte[] bytes = header.toBytes();
      for (int length = 0; length < bytes.length; length++) {
        byte[] truncated = Arrays.copyOf(bytes, length);
        assertThatExceptionOfType(InvalidHeaderException.class)
            .isThrownBy(() -> InitialHeader.fromBytes(truncated));
      }
    }
  }

  @Test
  void trailingBytesAreRefused() {
    byte[] bytes = Arrays.copyOf(withOneTime.toBytes(), withOneTime.toBytes().length + 1);

    assertThatExceptionOfType(InvalidHeaderException.class)
        .isThrownBy(() -> InitialHeader.fromBytes(bytes))
        .withMessageContaining("trailing");
  }

  @Test
  void unknownVersionIsRefused() {
    byte[] bytes = withOneTime.toBytes();
    bytes[0] = 2;

    assertThatExceptionOfType(InvalidHeaderException.class)
        .isThrownBy(() -> InitialHeader.fromBytes(bytes))
        .withMessageContaining("version");
  }

  @Test
  void flagOtherThanZeroOrOneIsRefused() {
    byte[] bytes = withOneTime.toBytes();
    bytes[FLAG_OFFSET] = 2;

    assertThatExceptionOfType(InvalidHeaderException.class)
        .isThrownBy(() -> InitialHeader.fromBytes(bytes));
  }

  @Test
  void flagThatDisagreesWithTheLengthIsRefused() {
    byte[] claimsOneTime = withoutOneTime.toBytes();
    claimsOneTime[FLAG_OFFSET] = 1;
    byte[] deniesOneTime = withOneTime.toBytes();
    deniesOneTime[FLAG_OFFSET] = 0;

    assertThatExceptionOfType(InvalidHeaderException.class)
        .isThrownBy(() -> InitialHeader.fromBytes(claimsOneTime));
    assertThatExceptionOfType(InvalidHeaderException.class)
        .isThrownBy(() -> InitialHeader.fromBytes(deniesOneTime));
  }

  @Test
  void idOfTwoToTheThirtyFirstOrMoreIsRefused() {
    byte[] bytes = withOneTime.toBytes();
    bytes[FLAG_OFFSET - 4] = (byte) 0x80;

    assertThatExceptionOfType(InvalidHeaderException.class)
        .isThrownBy(() -> InitialHeader.fromBytes(bytes));
  }

  @Test
  void constructorChecksItsInvariants() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new InitialHeader(
                    withOneTime.senderIdentity(),
                    withOneTime.senderIdentityDh(),
                    withOneTime.ephemeral(),
                    -1,
                    OptionalInt.empty(),
                    1,
                    withOneTime.kemCiphertext()));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new InitialHeader(
                    withOneTime.senderIdentity(),
                    withOneTime.senderIdentityDh(),
                    withOneTime.ephemeral(),
                    1,
                    OptionalInt.empty(),
                    1,
                    new byte[1087]));
  }

  @Test
  void kemCiphertextIsCopiedInAndOut() {
    byte[] ciphertext = withOneTime.kemCiphertext();
    ciphertext[0] ^= 1;

    assertThat(withOneTime.kemCiphertext()).isNotEqualTo(ciphertext);
  }
}
