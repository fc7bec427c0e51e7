package dev.parley.crypto.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads certificates and private keys from PEM files. Stateless.
 *
 * <p>Other PEM blocks in a file (say a key bundled with the certificate) are skipped, so the same
 * combined file can serve as both arguments.
 */
final class PemFileReader {
  /** JCA names for the key algorithms a TLS server key can realistically use. */
  private static final Map<ASN1ObjectIdentifier, String> KEY_ALGORITHMS =
      Map.of(
          X9ObjectIdentifiers.id_ecPublicKey, "EC",
          PKCSObjectIdentifiers.rsaEncryption, "RSA",
          EdECObjectIdentifiers.id_Ed25519, "Ed25519");

  private PemFileReader() {}

  static X509Certificate readFirstCertificate(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    try (PEMParser parser = open(file)) {
      for (Object o = next(parser, file); o != null; o = next(parser, file)) {
        if (o instanceof X509CertificateHolder holder) {
          return toCertificate(holder, file);
        }
      }
    }
    throw new IllegalArgumentException(
        "no certificate in " + file + " (expected a PEM '-----BEGIN CERTIFICATE-----' block)");
  }

  static PrivateKey readPrivateKey(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    try (PEMParser parser = open(file)) {
      for (Object o = next(parser, file); o != null; o = next(parser, file)) {
        switch (o) {
          case PrivateKeyInfo pkcs8 -> {
            return toPrivateKey(pkcs8, file);
          }
          case PEMKeyPair sec1OrPkcs1 -> {
            return toPrivateKey(sec1OrPkcs1.getPrivateKeyInfo(), file);
          }
          case PEMEncryptedKeyPair e -> throw encrypted(file);
          case PKCS8EncryptedPrivateKeyInfo e -> throw encrypted(file);
          default -> {
            // Certificates and "EC PARAMETERS" blocks commonly precede the key; keep looking.
          }
        }
      }
    }
    throw new IllegalArgumentException(
        "no private key in "
            + file
            + " (expected PEM 'PRIVATE KEY', 'EC PRIVATE KEY' or 'RSA PRIVATE KEY')");
  }

  private static PEMParser open(Path file) throws IOException {
    // ISO-8859-1 decodes any byte, so a DER file yields "no certificate", not a charset error.
    Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
    return new PEMParser(reader);
  }

  private static Object next(PEMParser parser, Path file) throws IOException {
    try {
      return parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw new IOException("malformed PEM in " + file + ": " + e.getMessage(), e);
    }
  }

  private static X509Certificate toCertificate(X509CertificateHolder holder, Path file)
      throws IOException {
    try {
      return SelfSignedCertificates.toJdkCertificate(holder);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "unreadable certificate in " + file + ": " + e.getMessage(), e);
    }
  }

  private static PrivateKey toPrivateKey(PrivateKeyInfo info, Path file) throws IOException {
    ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
    String algorithm = KEY_ALGORITHMS.get(oid);
    if (algorithm == null) {
      throw new IllegalArgumentException(
          "unsupported private key algorithm " + oid + " in " + file + " (want EC, RSA, Ed25519)");
    }
    try {
      return KeyFactory.getInstance(algorithm)
          .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "unreadable " + algorithm + " private key in " + file + ": " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException encrypted(Path file) {
    return new IllegalArgumentException(
        "private key in "
            + file
            + " is encrypted; store it unencrypted with mode 0600"
            + " (e.g. 'openssl pkey -in "
            + file
            + " -out key.pem')");
  }
}
