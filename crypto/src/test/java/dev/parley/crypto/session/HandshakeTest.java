package dev.parley.crypto.session;

import static dev.parley.crypto.session.Conversation.text;
import static dev.parley.crypto.session.Conversation.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.parley.crypto.agreement.X25519PublicKey;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HandshakeTest {
  private final SecureRandom random = new SecureRandom();
  private final TestDevice alice = new TestDevice(random);
  private final TestDevice bob = new TestDevice(random);

  @ParameterizedTest(name = "one-time prekey {0}, last-resort KEM prekey {1}")
  @CsvSource({"true, false", "false, false", "true, true", "false, true"})
  void bobDecryptsAlicesFirstMessageAndTheyTalkBackAndForth(boolean oneTime, boolean lastResort)
      throws Exception {
    Initiation initiation =
        SessionInitiator.initiate(alice.keys, bob.bundle(oneTime, lastResort), random);
    RatchetSession aliceSession = initiation.session();
    byte[] first = aliceSession.encrypt(utf8("hi bob"));

    InitialHeader header = InitialHeader.fromBytes(initiation.header().toBytes());
    assertThat(header.oneTimePrekeyId().isPresent()).isEqualTo(oneTime);
    assertThat(header.kemPrekeyId()).isEqualTo(lastResort ? 300 : 200);
    RatchetSession bobSession = bob.accept(header);
    assertThat(text(bobSession.decrypt(first))).isEqualTo("hi bob");

    for (int i = 0; i < 60; i++) {
      assertThat(text(aliceSession.decrypt(bobSession.encrypt(utf8("b" + i))))).isEqualTo("b" + i);
      assertThat(text(bobSession.decrypt(aliceSession.encrypt(utf8("a" + i))))).isEqualTo("a" + i);
      if (i % 10 == 0) {
        // Bursts in one direction use one chain; the next reply starts a new one.
        byte[] second = aliceSession.encrypt(utf8("a" + i + "'"));
        assertThat(text(bobSession.decrypt(second))).isEqualTo("a" + i + "'");
      }
    }
  }

  @Test
  void bothSessionsKnowWhoIsOnTheOtherEnd() throws Exception {
    Initiation initiation = SessionInitiator.initiate(alice.keys, bob.bundle(), random);
    RatchetSession bobSession = bob.accept(initiation.header());

    assertThat(initiation.session().isInitiator()).isTrue();
    assertThat(initiation.session().localIdentity()).isEqualTo(alice.keys.identity());
    assertThat(initiation.session().remoteIdentity()).isEqualTo(bob.keys.identity());
    assertThat(bobSession.isInitiator()).isFalse();
    assertThat(bobSession.localIdentity()).isEqualTo(bob.keys.identity());
    assertThat(bobSession.remoteIdentity()).isEqualTo(alice.keys.identity());
  }

  @Test
  void initiatorSendsImmediatelyButResponderOnlyAfterReceiving() throws Exception {
    Initiation initiation = SessionInitiator.initiate(alice.keys, bob.bundle(), random);
    byte[] first = initiation.session().encrypt(utf8("first"));
    RatchetSession bobSession = bob.accept(initiation.header());

    assertThat(initiation.session().hasReceivedMessage()).isFalse();
    assertThat(bobSession.hasReceivedMessage()).isFalse();
    assertThatIllegalStateException().isThrownBy(() -> bobSession.encrypt(utf8("too early")));

    bobSession.decrypt(first);
    initiation.session().decrypt(bobSession.encrypt(utf8("reply")));
    assertThat(bobSession.hasReceivedMessage()).isTrue();
    assertThat(initiation.session().hasReceivedMessage()).isTrue();
  }

  @Test
  void headerWithTamperedKemCiphertextYieldsASessionThatCannotDecrypt() throws Exception {
    Initiation initiation = SessionInitiator.initiate(alice.keys, bob.bundle(), random);
    byte[] first = initiation.session().encrypt(utf8("first"));
    byte[] headerBytes = initiation.header().toBytes();
    headerBytes[headerBytes.length - 1] ^= 1;

    RatchetSession bobSession = bob.accept(InitialHeader.fromBytes(headerBytes));

    assertThatExceptionOfType(DecryptionException.class)
        .isThrownBy(() -> bobSession.decrypt(first))
        .satisfies(
            e ->
                assertThat(e.reason()).isEqualTo(DecryptionException.Reason.AUTHENTICATION_FAILED));
  }

  @Test
  void headerWithAnotherIdentityButTheOriginalCertificateIsRefused() throws Exception {
    TestDevice mallory = new TestDevice(random);
    InitialHeader genuine = SessionInitiator.initiate(alice.keys, bob.bundle(), random).header();
    InitialHeader forged =
        new InitialHeader(
            mallory.keys.identity(),
            genuine.senderIdentityDh(),
            genuine.ephemeral(),
            genuine.signedPrekeyId(),
            genuine.oneTimePrekeyId(),
            genuine.kemPrekeyId(),
            genuine.kemCiphertext());

    assertThatExceptionOfType(InvalidHeaderException.class)
        .isThrownBy(() -> bob.accept(forged))
        .withMessageContaining("identity DH");
  }

  @Test
  void headerWithALowOrderEphemeralKeyIsRefused() throws Exception {
    InitialHeader genuine = SessionInitiator.initiate(alice.keys, bob.bundle(), random).header();
    InitialHeader lowOrder =
        new InitialHeader(
            genuine.senderIdentity(),
            genuine.senderIdentityDh(),
            new X25519PublicKey(new byte[32]),
            genuine.signedPrekeyId(),
            genuine.oneTimePrekeyId(),
            genuine.kemPrekeyId(),
            genuine.kemCiphertext());

    assertThatExceptionOfType(InvalidHeaderException.class)
        .isThrownBy(() -> bob.accept(lowOrder))
        .withMessageContaining("low-order");
  }

  @Test
  void prekeysOtherThanTheOnesTheHeaderNamesAreACallerBug() throws Exception {
    InitialHeader header = SessionInitiator.initiate(alice.keys, bob.bundle(), random).header();
    KemPrekeyPair kem = bob.kemPrekeys.get(header.kemPrekeyId());
    OneTimePrekeyPair otherOneTime = bob.oneTimePrekeys.get(101);

    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                SessionResponder.accept(bob.keys, bob.signedPrekey, Optional.empty(), kem, header));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                SessionResponder.accept(
                    bob.keys, bob.signedPrekey, Optional.of(otherOneTime), kem, header));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                SessionResponder.accept(
                    bob.keys,
                    bob.signedPrekey,
                    Optional.of(bob.oneTimePrekeys.get(100)),
                    bob.lastResortKemPrekey,
                    header));
  }

  @Test
  void bundleWithABadSignedPrekeySignatureIsRefused() {
    PrekeyBundle good = bob.bundle();
    byte[] signature = good.signedPrekey().signature();
    signature[5] ^= 1;
    PrekeyBundle bad =
        withSignedPrekey(
            good, new SignedPrekey(good.signedPrekey().id(), good.signedPrekey().key(), signature));

    assertThatExceptionOfType(InvalidBundleException.class)
        .isThrownBy(() -> SessionInitiator.initiate(alice.keys, bad, random))
        .withMessageContaining("signed prekey");
  }

  @Test
  void bundleWhoseSignedPrekeyIdWasChangedIsRefused() {
    PrekeyBundle good = bob.bundle();
    SignedPrekey spk = good.signedPrekey();
    PrekeyBundle bad =
        withSignedPrekey(good, new SignedPrekey(spk.id() + 1, spk.key(), spk.signature()));

    assertThatExceptionOfType(InvalidBundleException.class)
        .isThrownBy(() -> SessionInitiator.initiate(alice.keys, bad, random));
  }

  @Test
  void bundleWithABadKemPrekeySignatureIsRefused() {
    PrekeyBundle good = bob.bundle();
    KemPrekey kem = good.kemPrekey();
    byte[] signature = kem.signature();
    signature[63] ^= 0x40;
    PrekeyBundle bad =
        withKemPrekey(good, new KemPrekey(kem.id(), kem.key(), signature, kem.lastResort()));

    assertThatExceptionOfType(InvalidBundleException.class)
        .isThrownBy(() -> SessionInitiator.initiate(alice.keys, bad, random))
        .withMessageContaining("KEM prekey");
  }

  @Test
  void bundlePassingAOneTimeKemPrekeyOffAsLastResortIsRefused() {
    PrekeyBundle good = bob.bundle(true, false);
    KemPrekey kem = good.kemPrekey();
    PrekeyBundle bad =
        withKemPrekey(good, new KemPrekey(kem.id(), kem.key(), kem.signature(), true));

    assertThatExceptionOfType(InvalidBundleException.class)
        .isThrownBy(() -> SessionInitiator.initiate(alice.keys, bad, random));
  }

  @Test
  void bundleWithABadIdentityDhSignatureIsRefused() {
    PrekeyBundle good = bob.bundle();
    byte[] signature = good.identityDh().signature();
    signature[0] ^= 1;
    PrekeyBundle bad =
        new PrekeyBundle(
            good.identity(),
            new IdentityDhCertificate(good.identityDh().key(), signature),
            good.signedPrekey(),
            good.oneTimePrekey(),
            good.kemPrekey());

    assertThatExceptionOfType(InvalidBundleException.class)
        .isThrownBy(() -> SessionInitiator.initiate(alice.keys, bad, random))
        .withMessageContaining("identity DH");
  }

  @Test
  void bundleSignedByAnotherIdentityIsRefused() {
    TestDevice mallory = new TestDevice(random);
    PrekeyBundle theirs = mallory.bundle();
    PrekeyBundle bad =
        new PrekeyBundle(
            bob.keys.identity(),
            theirs.identityDh(),
            theirs.signedPrekey(),
            theirs.oneTimePrekey(),
            theirs.kemPrekey());

    assertThatExceptionOfType(InvalidBundleException.class)
        .isThrownBy(() -> SessionInitiator.initiate(alice.keys, bad, random));
  }

  @Test
  void bundleWithALowOrderOneTimePrekeyIsRefused() {
    PrekeyBundle good = bob.bundle();
    PrekeyBundle bad =
        new PrekeyBundle(
            good.identity(),
            good.identityDh(),
            good.signedPrekey(),
            Optional.of(new OneTimePrekey(100, new X25519PublicKey(new byte[32]))),
            good.kemPrekey());

    assertThatExceptionOfType(InvalidBundleException.class)
        .isThrownBy(() -> SessionInitiator.initiate(alice.keys, bad, random))
        .withMessageContaining("low-order");
  }

  @Test
  void initialHeaderRoundTripsWithAndWithoutAOneTimePrekey() throws Exception {
    for (boolean oneTime : new boolean[] {true, false}) {
      InitialHeader header =
          SessionInitiator.initiate(alice.keys, bob.bundle(oneTime, false), random).header();
      byte[] bytes = header.toBytes();

      assertThat(bytes).hasSize(oneTime ? 1262 : 1258);
      assertThat(InitialHeader.fromBytes(bytes)).isEqualTo(header);
      assertThat(header.oneTimePrekeyId())
          .isEqualTo(oneTime ? OptionalInt.of(100) : OptionalInt.empty());
    }
  }

  private static PrekeyBundle withSignedPrekey(PrekeyBundle b, SignedPrekey spk) {
    return new PrekeyBundle(b.identity(), b.identityDh(), spk, b.oneTimePrekey(), b.kemPrekey());
  }

  private static PrekeyBundle withKemPrekey(PrekeyBundle b, KemPrekey kem) {
    return new PrekeyBundle(b.identity(), b.identityDh(), b.signedPrekey(), b.oneTimePrekey(), kem);
  }
}
