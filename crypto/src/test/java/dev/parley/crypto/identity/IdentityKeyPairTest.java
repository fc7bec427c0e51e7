package dev.parley.crypto.identity;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IdentityKeyPairTest {
  private static final byte[] MESSAGE = "prekey bundle v1".getBytes(UTF_8);
  private final SecureRandom random = new SecureRandom();

  @Test
  void signatureMadeByPairVerifiesUnderItsPublicKey() {
    IdentityKeyPair pair = IdentityKeyPair.generate(random);
    byte[] signature = pair.sign(MESSAGE);

    assertThat(signature).hasSize(64);
    assertThat(pair.publicKey().verify(MESSAGE, signature)).isTrue();
  }

  @Test
  void restoringFromPrivateKeyGivesSamePublicKeyAndSignatures() {
    IdentityKeyPair pair = IdentityKeyPair.generate(random);
    IdentityKeyPair restored = IdentityKeyPair.fromPrivateKey(pair.privateKeyBytes());

    assertThat(restored.publicKey()).isEqualTo(pair.publicKey());
    assertThat(restored.sign(MESSAGE)).isEqualTo(pair.sign(MESSAGE));
  }

  @Test
  void privateKeyOfWrongLengthIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> IdentityKeyPair.fromPrivateKey(new byte[31]))
        .withMessageContaining("32 bytes");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> IdentityKeyPair.fromPrivateKey(new byte[64]));
  }

  @Test
  void privateKeyBytesAreACopy() {
    IdentityKeyPair pair = IdentityKeyPair.generate(random);
    byte[] first = pair.privateKeyBytes();
    first[0] ^= 1;

    assertThat(pair.privateKeyBytes()).isNotEqualTo(first);
  }

  @Test
  void toStringShowsPublicKeyButNeverPrivateKey() {
    IdentityKeyPair pair = IdentityKeyPair.generate(random);
    String privateHex = java.util.HexFormat.of().formatHex(pair.privateKeyBytes());

    assertThat(pair.toString()).contains(pair.publicKey().toHex()).doesNotContain(privateHex);
  }

  @Test
  void concurrentSigningGivesTheDeterministicSignature() throws Exception {
    IdentityKeyPair pair = IdentityKeyPair.generate(random);
    byte[] expected = pair.sign(MESSAGE);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        results.add(pool.submit(() -> pair.sign(MESSAGE)));
      }
      for (Future<byte[]> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
