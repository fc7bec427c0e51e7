package dev.parley.crypto.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.identity.IdentityPublicKey;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SenderKeyDistributionTest {
  private final SecureRandom random = new SecureRandom();
  private final IdentityPublicKey signatureKey = IdentityKeyPair.generate(random).publicKey();
  private final byte[] chainKey = randomKey();
  private final SenderKeyDistribution distribution =
      new SenderKeyDistribution(42, 7, chainKey, signatureKey);

  @Test
  void roundTripsThroughTheDocumentedEncoding() throws Exception {
    byte[] bytes = distribution.toBytes();
    ByteBuffer fields = ByteBuffer.wrap(bytes);

    assertThat(bytes).hasSize(SenderKeyDistribution.ENCODED_LENGTH);
    assertThat(fields.get()).isEqualTo((byte) 1);
    assertThat(fields.getInt()).isEqualTo(42);
    assertThat(fields.getInt()).isEqualTo(7);
    assertThat(Arrays.copyOfRange(bytes, 9, 41)).isEqualTo(chainKey);
    assertThat(Arrays.copyOfRange(bytes, 41, 73)).isEqualTo(signatureKey.bytes());
    assertThat(SenderKeyDistribution.fromBytes(bytes)).isEqualTo(distribution);
  }

  @Test
  void malformedBytesAreRefusedWithATypedException() {
    byte[] bytes = distribution.toBytes();
    byte[] badVersion = bytes.clone();
    badVersion[0] = 0;
    byte[] hugeKeyId = bytes.clone();
    hugeKeyId[1] = (byte) 0x80;
    byte[] hugeIteration = bytes.clone();
    hugeIteration[5] = (byte) 0xFF;

    for (int length = 0; length < bytes.length; length++) {
      assertInvalid(Arrays.copyOf(bytes, length));
    }
    for (byte[] bad :
        List.of(Arrays.copyOf(bytes, bytes.length + 1), badVersion, hugeKeyId, hugeIteration)) {
      assertInvalid(bad);
    }
  }

  @Test
  void theConstructorRefusesOutOfRangeFields() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SenderKeyDistribution(-1, 0, chainKey, signatureKey));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SenderKeyDistribution(0, -1, chainKey, signatureKey));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SenderKeyDistribution(0, 0, new byte[31], signatureKey));
    assertThatExceptionOfType(NullPointerException.class)
        .isThrownBy(() -> new SenderKeyDistribution(0, 0, chainKey, null));
  }

  @Test
  void theChainKeyIsCopiedInAndOut() {
    byte[] input = chainKey.clone();
    SenderKeyDistribution copy = new SenderKeyDistribution(42, 7, input, signatureKey);
    input[0] ^= 1;
    copy.chainKey()[1] ^= 1;

    assertThat(copy.chainKey()).isEqualTo(chainKey);
    assertThat(copy).isEqualTo(distribution).hasSameHashCodeAs(distribution);
    assertThat(new SenderKeyDistribution(42, 7, randomKey(), signatureKey))
        .isNotEqualTo(distribution);
  }

  @Test
  void toStringLeavesOutTheChainKey() {
    assertThat(distribution.toString())
        .doesNotContainIgnoringCase(HexFormat.of().formatHex(chainKey))
        .contains("keyId=42", "iteration=7", signatureKey.toHex());
  }

  private byte[] randomKey() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return key;
  }

  private static void assertInvalid(byte[] encoded) {
    assertThatExceptionOfType(InvalidSenderKeyDistributionException.class)
        .isThrownBy(() -> SenderKeyDistribution.fromBytes(encoded));
  }
}
