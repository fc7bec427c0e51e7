package dev.parley.crypto.kem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MlKemKeyPairTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void encapsulatedSecretDecapsulatesToTheSameSecret() {
    MlKemKeyPair pair = MlKemKeyPair.generate(random);
    MlKemEncapsulation encapsulation = pair.publicKey().encapsulate(random);

    assertThat(pair.decapsulate(encapsulation.ciphertext()))
        .hasSize(32)
        .isEqualTo(encapsulation.sharedSecret());
  }

  @Test
  void sizesAreThoseOfMlKem768() {
    MlKemKeyPair pair = MlKemKeyPair.generate(random);
    MlKemEncapsulation encapsulation = pair.publicKey().encapsulate(random);

    assertThat(pair.publicKey().bytes()).hasSize(1184);
    assertThat(pair.privateKeyBytes()).hasSize(64);
    assertThat(encapsulation.ciphertext()).hasSize(1088);
    assertThat(encapsulation.sharedSecret()).hasSize(32);
  }

  @Test
  void wrongKeyDecapsulatesToAnUnrelatedSecretWithoutFailing() {
    MlKemKeyPair intended = MlKemKeyPair.generate(random);
    MlKemKeyPair other = MlKemKeyPair.generate(random);
    MlKemEncapsulation encapsulation = intended.publicKey().encapsulate(random);

    byte[] rejected = other.decapsulate(encapsulation.ciphertext());

    assertThat(rejected).hasSize(32).isNotEqualTo(encapsulation.sharedSecret());
    // Implicit rejection is deterministic: the same wrong ciphertext gives the same secret.
    assertThat(other.decapsulate(encapsulation.ciphertext())).isEqualTo(rejected);
  }

  @Test
  void tamperedCiphertextDecapsulatesToAnUnrelatedSecret() {
    MlKemKeyPair pair = MlKemKeyPair.generate(random);
    MlKemEncapsulation encapsulation = pair.publicKey().encapsulate(random);
    byte[] ciphertext = encapsulation.ciphertext();
    ciphertext[100] ^= 1;

    assertThat(pair.decapsulate(ciphertext)).isNotEqualTo(encapsulation.sharedSecret());
  }

  @Test
  void restoringFromTheSeedGivesTheSameKeyPair() {
    MlKemKeyPair pair = MlKemKeyPair.generate(random);
    MlKemKeyPair restored = MlKemKeyPair.fromPrivateKey(pair.privateKeyBytes());
    MlKemEncapsulation encapsulation = pair.publicKey().encapsulate(random);

    assertThat(restored.publicKey()).isEqualTo(pair.publicKey());
    assertThat(restored.decapsulate(encapsulation.ciphertext()))
        .isEqualTo(encapsulation.sharedSecret());
  }

  @Test
  void malformedInputsAreRefused() {
    MlKemKeyPair pair = MlKemKeyPair.generate(random);
    byte[] badKey = pair.publicKey().bytes();
    badKey[0] = (byte) 0xFF; // first coefficient becomes >= q
    badKey[1] = (byte) 0xFF;

    assertThatIllegalArgumentException()
        .isThrownBy(() -> MlKemKeyPair.fromPrivateKey(new byte[63]));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MlKemKeyPair.fromPrivateKey(new byte[2400]));
    assertThatIllegalArgumentException().isThrownBy(() -> pair.decapsulate(new byte[1087]));
    assertThatIllegalArgumentException().isThrownBy(() -> new MlKemPublicKey(new byte[1183]));
    assertThatIllegalArgumentException().isThrownBy(() -> new MlKemPublicKey(badKey));
  }

  @Test
  void toStringNeverShowsSecrets() {
    MlKemKeyPair pair = MlKemKeyPair.generate(random);
    MlKemEncapsulation encapsulation = pair.publicKey().encapsulate(random);
    HexFormat hex = HexFormat.of();

    assertThat(pair.toString()).doesNotContain(hex.formatHex(pair.privateKeyBytes()));
    assertThat(encapsulation.toString())
        .doesNotContain(hex.formatHex(encapsulation.sharedSecret()));
  }
}
