package dev.parley.crypto.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * Creates the self-signed server certificate a fresh install starts with, and stores and loads
 * certificates as PEM files. Clients trust such a certificate by pinning its {@link
 * CertificateFingerprint}, not through a CA.
 *
 * <p>All methods are stateless and thread-safe. Key generation and signing use the JDK's default
 * EC provider; no security provider is registered.
 */
public final class SelfSignedCertificates {
  /** Backdating absorbs clock skew between server and clients, which would otherwise fail TLS. */
  private static final Duration BACKDATE = Duration.ofHours(1);

  private SelfSignedCertificates() {}

  /**
   * Generates an ECDSA P-256 key and a self-signed X.509 v3 certificate for it, signed with
   * SHA256withECDSA. The subject is {@code CN=commonName}; subjectAltName holds DNS:localhost, the
   * common name (as DNS, or as IP if it is an IP literal) and IP:127.0.0.1. The certificate is
   * valid from {@code clock.instant() - 1h} to {@code clock.instant() + validity}.
   *
   * @throws IllegalArgumentException if {@code commonName} is blank or {@code validity} is not
   *     positive
   */
  public static CertificateAndKey generate(
      String commonName, Duration validity, SecureRandom random, Clock clock) {
    Objects.requireNonNull(commonName, "commonName");
    Objects.requireNonNull(validity, "validity");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(clock, "clock");
    if (commonName.isBlank()) {
      throw new IllegalArgumentException("commonName is blank");
    }
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive: " + validity);
    }
    try {
      KeyPair keyPair = newP256KeyPair(random);
      Instant now = clock.instant();
      X500Name subject =
          new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
      // RFC 5280: a positive serial of at most 20 octets; random so reissues never collide.
      BigInteger serial = new BigInteger(127, random).add(BigInteger.ONE);
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              serial,
              Date.from(now.minus(BACKDATE)),
              Date.from(now.plus(validity)),
              subject,
              keyPair.getPublic());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(
                  new KeyPurposeId[] {
                    KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                  }))
          .addExtension(Extension.subjectAlternativeName, false, subjectAltNames(commonName))
          .addExtension(
              Extension.subjectKeyIdentifier,
              false,
              extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
      ContentSigner signer =
          new JcaContentSignerBuilder("SHA256withECDSA")
              .setSecureRandom(random)
              .build(keyPair.getPrivate());
      return new CertificateAndKey(toJdkCertificate(builder.build(signer)), keyPair.getPrivate());
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      // Every algorithm used here is mandatory in the JDK, so this is a broken runtime, not input.
      throw new IllegalStateException("cannot create self-signed certificate", e);
    }
  }

  /**
   * Writes the certificate as a PEM {@code CERTIFICATE} and the key as a PKCS#8 {@code PRIVATE
   * KEY}, replacing existing files and creating missing parent directories. Each file is written
   * to a temporary file beside it and atomically moved into place, so a reader never sees half a
   * file. The key file has POSIX permissions 0600 from the moment it exists (on file systems
   * without POSIX permissions the platform default applies); the certificate file gets 0644.
   *
   * @throws IOException if a file cannot be written
   */
  public static void writePem(CertificateAndKey certificateAndKey, Path certFile, Path keyFile)
      throws IOException {
    Objects.requireNonNull(certificateAndKey, "certificateAndKey");
    PemFileWriter.writeCertificate(certificateAndKey.certificate(), certFile);
    PemFileWriter.writePrivateKey(certificateAndKey.privateKey(), keyFile);
  }

  /**
   * Reads a certificate and its private key from PEM files. The certificate file may hold a chain;
   * its first certificate is returned. The key may be PKCS#8 ({@code PRIVATE KEY}), SEC1 ({@code
   * EC PRIVATE KEY}) or PKCS#1 ({@code RSA PRIVATE KEY}), for an EC, RSA or Ed25519 key; encrypted
   * keys are refused. The key must belong to the certificate.
   *
   * @throws IOException if a file cannot be read or is not PEM
   * @throws IllegalArgumentException if a file holds no certificate or key, an unsupported or
   *     encrypted key, or a key that does not match the certificate; the message names the file
   */
  public static CertificateAndKey readPem(Path certFile, Path keyFile) throws IOException {
    X509Certificate certificate = PemFileReader.readFirstCertificate(certFile);
    var privateKey = PemFileReader.readPrivateKey(keyFile);
    KeyMatch.require(certificate, privateKey, certFile, keyFile);
    return new CertificateAndKey(certificate, privateKey);
  }

  private static KeyPair newP256KeyPair(SecureRandom random) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
    return generator.generateKeyPair();
  }

  private static GeneralNames subjectAltNames(String commonName) {
    GeneralName cn =
        IPAddress.isValid(commonName)
            ? new GeneralName(GeneralName.iPAddress, commonName)
            : new GeneralName(GeneralName.dNSName, commonName);
    GeneralName localhost = new GeneralName(GeneralName.dNSName, "localhost");
    GeneralName loopback = new GeneralName(GeneralName.iPAddress, "127.0.0.1");
    if (commonName.equals("localhost") || commonName.equals("127.0.0.1")) {
      return new GeneralNames(new GeneralName[] {localhost, loopback});
    }
    return new GeneralNames(new GeneralName[] {localhost, cn, loopback});
  }

  /** Re-parsed by the JDK so callers get a plain JDK certificate, not a Bouncy Castle subclass. */
  static X509Certificate toJdkCertificate(X509CertificateHolder holder)
      throws IOException, GeneralSecurityException {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
  }
}
