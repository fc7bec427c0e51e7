package dev.parley.crypto.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class X25519KeyPairTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void bothSidesAgreeOnA32ByteSecret() {
    X25519KeyPair a = X25519KeyPair.generate(random);
    X25519KeyPair b = X25519KeyPair.generate(random);

    assertThat(a.agree(b.publicKey())).hasSize(32).isEqualTo(b.agree(a.publicKey()));
  }

  @Test
  void restoringFromPrivateKeyGivesTheSamePair() {
    X25519KeyPair pair = X25519KeyPair.generate(random);
    X25519KeyPair restored = X25519KeyPair.fromPrivateKey(pair.privateKeyBytes());

    assertThat(restored.publicKey()).isEqualTo(pair.publicKey());
    assertThat(restored.privateKeyBytes()).isEqualTo(pair.privateKeyBytes());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // u = 0 and u = 1, and the order-8 point from the libsodium/curve25519 blacklist.
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        // p - 1 and p + 1 reduce to low-order points as well.
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      })
  void lowOrderPeerKeysAreRefused(String hex) {
    X25519KeyPair pair = X25519KeyPair.generate(random);
    X25519PublicKey lowOrder = new X25519PublicKey(HexFormat.of().parseHex(hex));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> pair.agree(lowOrder))
        .withMessageContaining("low-order");
  }

  @Test
  void wrongLengthsAreRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> X25519KeyPair.fromPrivateKey(new byte[31]));
    assertThatIllegalArgumentException().isThrownBy(() -> new X25519PublicKey(new byte[33]));
  }

  @Test
  void publicKeysCompareByContentAndAreCopied() {
    byte[] bytes = X25519KeyPair.generate(random).publicKey().bytes();
    X25519PublicKey key = new X25519PublicKey(bytes);
    bytes[0] ^= 1;

    assertThat(key).isNotEqualTo(new X25519PublicKey(bytes));
    bytes[0] ^= 1;
    assertThat(key)
        .isEqualTo(new X25519PublicKey(bytes))
        .hasSameHashCodeAs(new X25519PublicKey(bytes));
    key.bytes()[0] ^= 1;
    assertThat(key.bytes()).isEqualTo(bytes);
  }

  @Test
  void toStringNeverShowsThePrivateKey() {
    X25519KeyPair pair = X25519KeyPair.generate(random);
    String privateHex = HexFormat.of().formatHex(pair.privateKeyBytes());

    assertThat(pair.toString()).contains(pair.publicKey().toHex()).doesNotContain(privateHex);
  }
}
