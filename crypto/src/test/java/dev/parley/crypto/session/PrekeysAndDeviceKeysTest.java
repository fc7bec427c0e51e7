package dev.parley.crypto.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.parley.crypto.identity.IdentityKeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PrekeysAndDeviceKeysTest {
  private final SecureRandom random = new SecureRandom();
  private final DeviceKeys device = DeviceKeys.generate(random);
  private final PrekeyFactory factory = new PrekeyFactory(device, random);

  @Test
  void everythingTheFactorySignsVerifiesUnderTheDeviceIdentity() {
    SignedPrekeyPair spk = factory.signedPrekey(1);
    KemPrekeyPair oneTimeKem = factory.kemPrekey(2, false);
    KemPrekeyPair lastResort = factory.kemPrekey(3, true);

    assertThat(PrekeySignatures.verify(device.identity(), spk.prekey())).isTrue();
    assertThat(PrekeySignatures.verify(device.identity(), oneTimeKem.prekey())).isTrue();
    assertThat(PrekeySignatures.verify(device.identity(), lastResort.prekey())).isTrue();
    assertThat(lastResort.prekey().lastResort()).isTrue();
    assertThat(device.identityDhCertificate().verify(device.identity())).isTrue();
    assertThat(device.identityDhCertificate()).isEqualTo(device.identityDhCertificate());
  }

  @Test
  void signaturesDoNotVerifyUnderAnotherIdentity() {
    var stranger = IdentityKeyPair.generate(random).publicKey();

    assertThat(PrekeySignatures.verify(stranger, factory.signedPrekey(1).prekey())).isFalse();
    assertThat(PrekeySignatures.verify(stranger, factory.kemPrekey(1, false).prekey())).isFalse();
    assertThat(device.identityDhCertificate().verify(stranger)).isFalse();
  }

  @Test
  void aSignatureOverOneKindOfKeyIsNotValidForAnother() {
    SignedPrekeyPair spk = factory.signedPrekey(1);
    IdentityDhCertificate asCertificate =
        new IdentityDhCertificate(spk.prekey().key(), spk.prekey().signature());

    assertThat(asCertificate.verify(device.identity())).isFalse();
  }

  @Test
  void oneTimeBatchesHaveConsecutiveIdsAndDistinctKeys() {
    List<OneTimePrekeyPair> batch = factory.oneTimePrekeys(40, 5);
    List<KemPrekeyPair> kemBatch = factory.oneTimeKemPrekeys(90, 2);

    assertThat(batch).extracting(OneTimePrekeyPair::id).containsExactly(40, 41, 42, 43, 44);
    assertThat(batch).extracting(p -> p.prekey().key()).doesNotHaveDuplicates();
    assertThat(kemBatch).extracting(KemPrekeyPair::id).containsExactly(90, 91);
    assertThat(kemBatch).allSatisfy(p -> assertThat(p.prekey().lastResort()).isFalse());
  }

  @Test
  void badIdsAndBatchSizesAreRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> factory.signedPrekey(-1));
    assertThatIllegalArgumentException().isThrownBy(() -> factory.oneTimePrekeys(0, 0));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.oneTimePrekeys(0, PrekeyFactory.MAX_BATCH + 1));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.oneTimePrekeys(Integer.MAX_VALUE, 2));
  }

  @Test
  void deviceKeysRoundTripThroughStorage() {
    byte[] stored = device.toBytes();
    DeviceKeys restored = DeviceKeys.fromBytes(stored);

    assertThat(stored).hasSize(DeviceKeys.ENCODED_LENGTH);
    assertThat(restored.identity()).isEqualTo(device.identity());
    assertThat(restored.identityDh().publicKey()).isEqualTo(device.identityDh().publicKey());
    assertThat(restored.identityDhCertificate()).isEqualTo(device.identityDhCertificate());
  }

  @Test
  void prekeyPairsRoundTripThroughStorage() {
    SignedPrekeyPair spk = factory.signedPrekey(5);
    OneTimePrekeyPair opk = factory.oneTimePrekeys(6, 1).get(0);
    KemPrekeyPair kem = factory.kemPrekey(7, true);

    assertThat(SignedPrekeyPair.fromBytes(spk.toBytes()).prekey()).isEqualTo(spk.prekey());
    assertThat(OneTimePrekeyPair.fromBytes(opk.toBytes()).prekey()).isEqualTo(opk.prekey());
    assertThat(KemPrekeyPair.fromBytes(kem.toBytes()).prekey()).isEqualTo(kem.prekey());
    assertThat(spk.toBytes()).hasSize(SignedPrekeyPair.ENCODED_LENGTH);
    assertThat(opk.toBytes()).hasSize(OneTimePrekeyPair.ENCODED_LENGTH);
    assertThat(kem.toBytes()).hasSize(KemPrekeyPair.ENCODED_LENGTH);
  }

  @Test
  void malformedStorageEncodingsAreRefused() {
    byte[] deviceBytes = device.toBytes();
    byte[] kemBytes = factory.kemPrekey(1, false).toBytes();
    byte[] badFlag = kemBytes.clone();
    badFlag[5] = 2;
    byte[] badVersion = deviceBytes.clone();
    badVersion[0] = 0;

    assertThatIllegalArgumentException()
        .isThrownBy(() -> DeviceKeys.fromBytes(Arrays.copyOf(deviceBytes, 64)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DeviceKeys.fromBytes(Arrays.copyOf(deviceBytes, 66)));
    assertThatIllegalArgumentException().isThrownBy(() -> DeviceKeys.fromBytes(badVersion));
    assertThatIllegalArgumentException().isThrownBy(() -> KemPrekeyPair.fromBytes(badFlag));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SignedPrekeyPair.fromBytes(new byte[SignedPrekeyPair.ENCODED_LENGTH]));
  }

  @Test
  void aKeyPairThatDoesNotMatchItsPrekeyIsRefused() {
    SignedPrekeyPair a = factory.signedPrekey(1);
    SignedPrekeyPair b = factory.signedPrekey(2);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SignedPrekeyPair(a.prekey(), b.keyPair()));
  }

  @Test
  void toStringsShowNoPrivateKeys() {
    SignedPrekeyPair spk = factory.signedPrekey(1);
    KemPrekeyPair kem = factory.kemPrekey(2, false);
    HexFormat hex = HexFormat.of();
    String shown = device + " " + spk + " " + kem;

    assertThat(shown)
        .doesNotContain(hex.formatHex(device.signing().privateKeyBytes()))
        .doesNotContain(hex.formatHex(device.identityDh().privateKeyBytes()))
        .doesNotContain(hex.formatHex(spk.keyPair().privateKeyBytes()))
        .doesNotContain(hex.formatHex(kem.keyPair().privateKeyBytes()));
  }
}
