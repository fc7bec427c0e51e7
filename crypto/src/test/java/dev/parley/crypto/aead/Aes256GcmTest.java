package dev.parley.crypto.aead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class Aes256GcmTest {
  private static final HexFormat HEX = HexFormat.of();

  // McGrew & Viega, "The Galois/Counter Mode of Operation", test cases 15 and 16 (AES-256).
  private static final byte[] KEY =
      HEX.parseHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
  private static final byte[] NONCE = HEX.parseHex("cafebabefacedbaddecaf888");
  private static final String PLAINTEXT_15 =
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
          + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
  private static final String CIPHERTEXT_15 =
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
          + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";
  private static final String TAG_15 = "b094dac5d93471bdec1a502270e3cc6c";
  private static final String PLAINTEXT_16 = PLAINTEXT_15.substring(0, 120);
  private static final byte[] AAD_16 = HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  private static final String CIPHERTEXT_16 = CIPHERTEXT_15.substring(0, 120);
  private static final String TAG_16 = "76fc6ece0f4e1768cddf8853bb2d551b";

  @Test
  void testCase15WithoutAad() throws AeadException {
    byte[] sealed = Aes256Gcm.seal(KEY, NONCE, HEX.parseHex(PLAINTEXT_15), new byte[0]);

    assertThat(HEX.formatHex(sealed)).isEqualTo(CIPHERTEXT_15 + TAG_15);
    assertThat(HEX.formatHex(Aes256Gcm.open(KEY, NONCE, sealed, new byte[0])))
        .isEqualTo(PLAINTEXT_15);
  }

  @Test
  void testCase16WithAad() throws AeadException {
    byte[] sealed = Aes256Gcm.seal(KEY, NONCE, HEX.parseHex(PLAINTEXT_16), AAD_16);

    assertThat(HEX.formatHex(sealed)).isEqualTo(CIPHERTEXT_16 + TAG_16);
    assertThat(HEX.formatHex(Aes256Gcm.open(KEY, NONCE, sealed, AAD_16))).isEqualTo(PLAINTEXT_16);
  }

  @Test
  void everyFlippedBitOfCiphertextOrTagIsDetected() {
    byte[] sealed = Aes256Gcm.seal(KEY, NONCE, HEX.parseHex(PLAINTEXT_16), AAD_16);
    for (int bit = 0; bit < sealed.length * 8; bit++) {
      byte[] tampered = sealed.clone();
      tampered[bit / 8] ^= (byte) (1 << (bit % 8));

      assertThatExceptionOfType(AeadException.class)
          .isThrownBy(() -> Aes256Gcm.open(KEY, NONCE, tampered, AAD_16));
    }
  }

  @Test
  void flippedAadKeyOrNonceIsDetected() {
    byte[] sealed = Aes256Gcm.seal(KEY, NONCE, HEX.parseHex(PLAINTEXT_16), AAD_16);
    byte[] aad = AAD_16.clone();
    aad[3] ^= 0x10;
    byte[] key = KEY.clone();
    key[31] ^= 1;
    byte[] nonce = NONCE.clone();
    nonce[0] ^= 1;

    assertThatExceptionOfType(AeadException.class)
        .isThrownBy(() -> Aes256Gcm.open(KEY, NONCE, sealed, aad));
    assertThatExceptionOfType(AeadException.class)
        .isThrownBy(() -> Aes256Gcm.open(KEY, NONCE, sealed, new byte[0]));
    assertThatExceptionOfType(AeadException.class)
        .isThrownBy(() -> Aes256Gcm.open(key, NONCE, sealed, AAD_16));
    assertThatExceptionOfType(AeadException.class)
        .isThrownBy(() -> Aes256Gcm.open(KEY, nonce, sealed, AAD_16));
  }

  @Test
  void truncatedCiphertextIsDetected() {
    byte[] sealed = Aes256Gcm.seal(KEY, NONCE, new byte[0], new byte[0]);

    assertThat(sealed).hasSize(Aes256Gcm.TAG_LENGTH);
    assertThatExceptionOfType(AeadException.class)
        .isThrownBy(() -> Aes256Gcm.open(KEY, NONCE, new byte[15], new byte[0]));
    assertThatExceptionOfType(AeadException.class)
        .isThrownBy(() -> Aes256Gcm.open(KEY, NONCE, new byte[0], new byte[0]));
  }

  @Test
  void wrongKeyOrNonceLengthIsABugNotAForgery() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Aes256Gcm.seal(new byte[16], NONCE, new byte[1], new byte[0]));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Aes256Gcm.open(KEY, new byte[16], new byte[32], new byte[0]));
  }
}
