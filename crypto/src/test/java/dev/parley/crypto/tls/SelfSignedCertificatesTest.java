package dev.parley.crypto.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelfSignedCertificatesTest {
  private static final Instant NOW = Instant.parse("2030-03-04T05:06:07Z");
  private static final byte[] DATA = "handshake transcript".getBytes(US_ASCII);

  private final SecureRandom random = new SecureRandom();
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void generatedCertificateIsSelfSignedP256WithExpectedNamesAndValidity() throws Exception {
    CertificateAndKey ck =
        SelfSignedCertificates.generate("chat.example.org", Duration.ofDays(365), random, clock);
    X509Certificate cert = ck.certificate();

    assertThat(cert.getVersion()).isEqualTo(3);
    assertThat(cert.getSigAlgName()).isEqualToIgnoringCase("SHA256withECDSA");
    assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(cert.getPublicKey().toString()).contains("secp256r1");
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=chat.example.org");
    assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
    cert.verify(cert.getPublicKey());
    assertThat(cert.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofHours(1)));
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(cert.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(
            List.of(2, "localhost"), List.of(2, "chat.example.org"), List.of(7, "127.0.0.1"));
  }

  @Test
  void ipLiteralCommonNameBecomesAnIpSubjectAltName() throws Exception {
    X509Certificate cert =
        SelfSignedCertificates.generate("10.1.2.3", Duration.ofDays(1), random, clock).certificate();

    assertThat(cert.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(
            List.of(2, "localhost"), List.of(7, "10.1.2.3"), List.of(7, "127.0.0.1"));
  }

  @Test
  void localhostCommonNameIsNotListedTwice() throws Exception {
    X509Certificate cert =
        SelfSignedCertificates.generate("localhost", Duration.ofDays(1), random, clock).certificate();

    assertThat(cert.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
  }

  @Test
  void generateRefusesBlankNameAndNonPositiveValidity() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SelfSignedCertificates.generate(" ", Duration.ofDays(1), random, clock));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SelfSignedCertificates.generate("a", Duration.ZERO, random, clock));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SelfSignedCertificates.generate("a", Duration.ofDays(-1), random, clock));
  }

  @Test
  void pemRoundTripGivesSameCertificateAndAKeyTheCertificateVerifies() throws Exception {
    CertificateAndKey original =
        SelfSignedCertificates.generate("localhost", Duration.ofDays(30), random, clock);
    Path certFile = dir.resolve("tls/cert.pem");
    Path keyFile = dir.resolve("tls/key.pem");

    SelfSignedCertificates.writePem(original, certFile, keyFile);
    CertificateAndKey read = SelfSignedCertificates.readPem(certFile, keyFile);

    assertThat(read.certificate()).isEqualTo(original.certificate());
    assertThat(read.certificate().getEncoded()).isEqualTo(original.certificate().getEncoded());
    assertThat(read.privateKey().getEncoded()).isEqualTo(original.privateKey().getEncoded());
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(read.privateKey());
    signer.update(DATA);
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(read.certificate().getPublicKey());
    verifier.update(DATA);
    assertThat(verifier.verify(signer.sign())).isTrue();
  }

  @Test
  void pemFilesUseStandardHeadersAndKeyFileIsOwnerOnly() throws Exception {
    Path certFile = dir.resolve("cert.pem");
    Path keyFile = dir.resolve("key.pem");

    SelfSignedCertificates.writePem(generate(), certFile, keyFile);

    assertThat(Files.readString(certFile, US_ASCII)).startsWith("-----BEGIN CERTIFICATE-----\n");
    assertThat(Files.readString(keyFile, US_ASCII)).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certFile)))
        .isEqualTo("rw-r--r--");
    try (var listing = Files.list(dir)) {
      assertThat(listing).as("no temp files left").hasSize(2);
    }
  }

  @Test
  void writingAgainReplacesFilesAndKeepsKeyOwnerOnly() throws Exception {
    Path certFile = dir.resolve("cert.pem");
    Path keyFile = dir.resolve("key.pem");
    Files.writeString(keyFile, "old");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-rw-rw-"));
    CertificateAndKey second = generate();

    SelfSignedCertificates.writePem(generate(), certFile, keyFile);
    SelfSignedCertificates.writePem(second, certFile, keyFile);

    assertThat(SelfSignedCertificates.readPem(certFile, keyFile).certificate())
        .isEqualTo(second.certificate());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
  }

  @Test
  void readsFirstCertificateOfAChainAndASec1EcKey() throws Exception {
    CertificateAndKey leaf = generate();
    CertificateAndKey other = generate();
    Path chain = dir.resolve("chain.pem");
    Path sec1Key = dir.resolve("ec.key");
    Files.writeString(chain, TestPem.certificate(leaf) + TestPem.certificate(other), US_ASCII);
    Files.writeString(sec1Key, TestPem.sec1Key(leaf.privateKey(), leaf.certificate().getPublicKey()), US_ASCII);
    assertThat(Files.readString(sec1Key)).startsWith("-----BEGIN EC PRIVATE KEY-----");

    CertificateAndKey read = SelfSignedCertificates.readPem(chain, sec1Key);

    assertThat(read.certificate()).isEqualTo(leaf.certificate());
    // The PKCS#8 encodings differ (SEC1 carries the curve and public point); the scalar must not.
    assertThat(((ECPrivateKey) read.privateKey()).getS())
        .isEqualTo(((ECPrivateKey) leaf.privateKey()).getS());
  }

  @Test
  void readsRsaCertificateWithPkcs1Key() throws Exception {
    CertificateAndKey rsa = TestPem.selfSignedRsa(random, NOW);
    Path certFile = dir.resolve("rsa.crt");
    Path keyFile = dir.resolve("rsa.key");
    Files.writeString(certFile, TestPem.certificate(rsa), US_ASCII);
    Files.writeString(keyFile, TestPem.pkcs1Key(rsa.privateKey()), US_ASCII);
    assertThat(Files.readString(keyFile)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

    CertificateAndKey read = SelfSignedCertificates.readPem(certFile, keyFile);

    assertThat(read.certificate()).isEqualTo(rsa.certificate());
    assertThat(read.privateKey().getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void keyOfAnotherCertificateIsRefusedNamingBothFiles() throws Exception {
    Path certFile = dir.resolve("cert.pem");
    Path keyFile = dir.resolve("key.pem");
    SelfSignedCertificates.writePem(generate(), certFile, dir.resolve("unused.pem"));
    SelfSignedCertificates.writePem(generate(), dir.resolve("other.pem"), keyFile);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> SelfSignedCertificates.readPem(certFile, keyFile))
        .withMessageContaining("does not belong")
        .withMessageContaining(certFile.toString())
        .withMessageContaining(keyFile.toString());
  }

  @Test
  void badFilesGiveMessagesNamingTheFile() throws Exception {
    Path certFile = dir.resolve("cert.pem");
    Path keyFile = dir.resolve("key.pem");
    SelfSignedCertificates.writePem(generate(), certFile, keyFile);
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");
    Path garbage = Files.write(dir.resolve("garbage.der"), new byte[] {0x30, (byte) 0x82, 1, 2});
    Path brokenBase64 =
        Files.writeString(
            dir.resolve("broken.pem"),
            "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n");
    Path missing = dir.resolve("missing.pem");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> SelfSignedCertificates.readPem(empty, keyFile))
        .withMessageContaining("no certificate in " + empty);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SelfSignedCertificates.readPem(garbage, keyFile))
        .withMessageContaining("no certificate in " + garbage);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SelfSignedCertificates.readPem(certFile, certFile))
        .withMessageContaining("no private key in " + certFile);
    assertThatThrownBy(() -> SelfSignedCertificates.readPem(brokenBase64, keyFile))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(brokenBase64.toString());
    assertThatThrownBy(() -> SelfSignedCertificates.readPem(missing, keyFile))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void encryptedKeyIsRefusedWithAHint() throws Exception {
    Path certFile = dir.resolve("cert.pem");
    Path keyFile = dir.resolve("key.pem");
    CertificateAndKey ck = generate();
    SelfSignedCertificates.writePem(ck, certFile, dir.resolve("plain.pem"));
    Files.writeString(keyFile, TestPem.encryptedPkcs8Key(ck.privateKey(), random), US_ASCII);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> SelfSignedCertificates.readPem(certFile, keyFile))
        .withMessageContaining("encrypted");
  }

  @Test
  void toStringShowsSubjectAndFingerprintButNotTheKey() {
    CertificateAndKey ck = generate();

    assertThat(ck.toString())
        .contains("CN=localhost")
        .contains(CertificateFingerprint.of(ck.certificate()).toColonHex())
        .doesNotContain(java.util.HexFormat.of().formatHex(ck.privateKey().getEncoded()));
  }

  @Test
  void fingerprintOfCertificateIsSha256OfItsDer() throws Exception {
    X509Certificate cert = generate().certificate();

    assertThat(CertificateFingerprint.of(cert)).isEqualTo(CertificateFingerprint.of(cert.getEncoded()));
    assertThat(CertificateFingerprint.of(cert).sha256())
        .isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
  }

  private CertificateAndKey generate() {
    return SelfSignedCertificates.generate("localhost", Duration.ofDays(1), random, clock);
  }
}
