package dev.parley.crypto.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CertificateFingerprintTest {
  /** SHA-256("abc") from FIPS 180-2, so {@code of(byte[])} is checked against a known answer. */
  private static final String ABC_SHA256 =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  private final CertificateFingerprint abc =
      CertificateFingerprint.of("abc".getBytes(StandardCharsets.US_ASCII));

  @Test
  void ofBytesIsSha256OfThoseBytes() {
    assertThat(abc.toHex()).isEqualTo(ABC_SHA256);
    assertThat(abc.toString()).isEqualTo(ABC_SHA256);
  }

  @Test
  void colonFormIsUppercasePairs() {
    assertThat(abc.toColonHex())
        .startsWith("BA:78:16:BF:")
        .endsWith(":00:15:AD")
        .hasSize(95)
        .matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
  }

  @Test
  void parseAcceptsPlainAndColonFormsInAnyCase() {
    assertThat(CertificateFingerprint.parse(abc.toHex())).isEqualTo(abc);
    assertThat(CertificateFingerprint.parse(abc.toHex().toUpperCase())).isEqualTo(abc);
    assertThat(CertificateFingerprint.parse(abc.toColonHex())).isEqualTo(abc);
    assertThat(CertificateFingerprint.parse(abc.toColonHex().toLowerCase())).isEqualTo(abc);
    assertThat(CertificateFingerprint.parse("  " + abc.toColonHex() + "\n")).isEqualTo(abc);
  }

  @Test
  void parseOfMixedCaseGivesSameValueAndHash() {
    String mixed = "BA7816bf8F01CFEA414140de5dae2223b00361a396177a9cb410ff61f20015AD";
    CertificateFingerprint parsed = CertificateFingerprint.parse(mixed);

    assertThat(parsed).isEqualTo(abc).hasSameHashCodeAs(abc);
    assertThat(parsed.toHex()).isEqualTo(ABC_SHA256);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "abc",
        // 63 and 65 digits
        "a7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "bba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        // a non-hex digit
        "ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        // colons in the wrong places, doubled, trailing
        "BA7:816:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD",
        "BA::78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD",
        "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD:",
        // other separators
        "BA-78-16-BF-8F-01-CF-EA-41-41-40-DE-5D-AE-22-23-B0-03-61-A3-96-17-7A-9C-B4-10-FF-61-F2-00-15-AD",
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      })
  void parseRejectsAnythingElse(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CertificateFingerprint.parse(text))
        .withMessageContaining("not a SHA-256 fingerprint");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 20, 31, 33, 64})
  void constructorRefusesWrongLength(int length) {
    assertThatIllegalArgumentException().isThrownBy(() -> new CertificateFingerprint(new byte[length]));
  }

  @Test
  void bytesAreCopiedInAndOut() {
    byte[] raw = HexFormat.of().parseHex(ABC_SHA256);
    CertificateFingerprint fingerprint = new CertificateFingerprint(raw);
    raw[0] = 0;
    fingerprint.sha256()[1] = 0;

    assertThat(fingerprint).isEqualTo(abc);
  }
}
