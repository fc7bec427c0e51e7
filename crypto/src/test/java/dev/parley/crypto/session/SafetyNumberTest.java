package dev.parley.crypto.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.identity.IdentityPublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SafetyNumberTest {
  private final SecureRandom random = new SecureRandom();
  private final IdentityPublicKey alice = IdentityKeyPair.generate(random).publicKey();
  private final IdentityPublicKey bob = IdentityKeyPair.generate(random).publicKey();

  @Test
  void matchesAnIndependentImplementationOfTheDocumentedAlgorithm() {
    // Computed with Python's hashlib from the formula in SafetyNumber's class documentation.
    byte[] ascending = new byte[32];
    for (int i = 0; i < 32; i++) {
      ascending[i] = (byte) i;
    }
    byte[] ones = new byte[32];
    Arrays.fill(ones, (byte) 0xFF);

    String number =
        SafetyNumber.of(
            new IdentityPublicKey(ascending),
            "alice@example",
            new IdentityPublicKey(ones),
            "bob@example");

    assertThat(number)
        .isEqualTo("18678 98517 70591 12857 54147 48157 34885 40794 36029 31474 12826 77614");
  }

  @Test
  void bothUsersSeeTheSameNumber() {
    assertThat(SafetyNumber.of(alice, "alice", bob, "bob"))
        .isEqualTo(SafetyNumber.of(bob, "bob", alice, "alice"));
  }

  @Test
  void isSixtyDigitsInTwelveGroupsOfFive() {
    assertThat(SafetyNumber.of(alice, "alice", bob, "bob")).matches("\\d{5}( \\d{5}){11}");
  }

  @Test
  void changesWhenEitherKeyOrIdChanges() {
    IdentityPublicKey other = IdentityKeyPair.generate(random).publicKey();
    String number = SafetyNumber.of(alice, "alice", bob, "bob");

    assertThat(SafetyNumber.of(other, "alice", bob, "bob")).isNotEqualTo(number);
    assertThat(SafetyNumber.of(alice, "alice", other, "bob")).isNotEqualTo(number);
    assertThat(SafetyNumber.of(alice, "alice2", bob, "bob")).isNotEqualTo(number);
    assertThat(SafetyNumber.of(alice, "alice", bob, "bob")).isEqualTo(number);
  }
}
