package dev.parley.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class LoginTranscriptTest {
  byte[] challenge = filled(32, 1);
  byte[] cert = filled(32, 2);

  static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  @Test
  void everyBoundValueChangesTheTranscript() {
    byte[] base = LoginTranscript.forLogin(challenge, cert, 1, 2);
    assertThat(LoginTranscript.forLogin(filled(32, 9), cert, 1, 2)).isNotEqualTo(base);
    assertThat(LoginTranscript.forLogin(challenge, filled(32, 9), 1, 2)).isNotEqualTo(base);
    assertThat(LoginTranscript.forLogin(challenge, cert, 3, 2)).isNotEqualTo(base);
    assertThat(LoginTranscript.forLogin(challenge, cert, 1, 3)).isNotEqualTo(base);
    assertThat(LoginTranscript.forLogin(challenge, cert, 1, 2)).isEqualTo(base);
  }

  @Test
  void registerAndLoginTranscriptsNeverCoincide() {
    byte[] register = LoginTranscript.forRegister(challenge, cert, filled(32, 3), "alice");
    assertThat(register).isNotEqualTo(LoginTranscript.forLogin(challenge, cert, 1, 2));
    assertThat(LoginTranscript.forRegister(challenge, cert, filled(32, 3), "alicf")).isNotEqualTo(register);
  }

  @Test
  void wrongLengthsAreRefused() {
    assertThatThrownBy(() -> LoginTranscript.forLogin(new byte[31], cert, 1, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LoginTranscript.forLogin(challenge, new byte[33], 1, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LoginTranscript.forRegister(challenge, cert, new byte[31], "a")).isInstanceOf(IllegalArgumentException.class);
  }
}
