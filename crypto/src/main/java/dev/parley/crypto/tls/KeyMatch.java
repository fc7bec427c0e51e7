package dev.parley.crypto.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * Checks that a private key belongs to a certificate by signing a probe and verifying it with the
 * certificate's public key. Done at load time because a mismatched pair otherwise surfaces only as
 * an opaque handshake failure on the first client connection.
 */
final class KeyMatch {
  private static final byte[] PROBE = "parley key match probe".getBytes(StandardCharsets.US_ASCII);

  private KeyMatch() {}

  /**
   * @throws IllegalArgumentException naming both files if the key is not the certificate's
   */
  static void require(X509Certificate certificate, PrivateKey key, Path certFile, Path keyFile) {
    if (!matches(certificate, key)) {
      throw new IllegalArgumentException(
          "private key in " + keyFile + " does not belong to the certificate in " + certFile);
    }
  }

  private static boolean matches(X509Certificate certificate, PrivateKey key) {
    String algorithm = signatureAlgorithm(key.getAlgorithm());
    String certificateAlgorithm = certificate.getPublicKey().getAlgorithm();
    if (algorithm == null || !algorithm.equals(signatureAlgorithm(certificateAlgorithm))) {
      return false;
    }
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(PROBE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(PROBE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      // An EC key on one curve and a certificate on another lands here: not a match.
      return false;
    }
  }

  private static String signatureAlgorithm(String keyAlgorithm) {
    return switch (keyAlgorithm) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
  }
}
