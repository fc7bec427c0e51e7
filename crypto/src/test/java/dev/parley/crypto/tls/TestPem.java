package dev.parley.crypto.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.security.PublicKey;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** PEM fixtures in the formats other tools (openssl, certbot) write, for the reader to accept. */
final class TestPem {
  private TestPem() {}

  static String certificate(CertificateAndKey ck) throws IOException {
    return pem(ck.certificate());
  }

  /** RSA as PKCS#1 "RSA PRIVATE KEY", as {@code openssl genrsa -traditional} writes it. */
  static String pkcs1Key(PrivateKey rsaKey) throws IOException {
    return pem(rsaKey);
  }

  /**
   * EC as SEC1 "EC PRIVATE KEY" with the curve inside, as {@code openssl ecparam -genkey} writes
   * it. Built by hand because the JDK's PKCS#8 encoding keeps the curve outside the SEC1 part.
   */
  static String sec1Key(PrivateKey ecKey, PublicKey ecPublicKey) throws IOException {
    PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(ecKey.getEncoded());
    ECPrivateKey inner = ECPrivateKey.getInstance(pkcs8.parsePrivateKey());
    byte[] point = SubjectPublicKeyInfo.getInstance(ecPublicKey.getEncoded()).getPublicKeyData().getBytes();
    ECPrivateKey withCurve =
        new ECPrivateKey(
            256,
            inner.getKey(),
            new DERBitString(point),
            pkcs8.getPrivateKeyAlgorithm().getParameters());
    return pem(new PemObject("EC PRIVATE KEY", withCurve.getEncoded()));
  }

  static String encryptedPkcs8Key(PrivateKey key, SecureRandom random) throws Exception {
    var encryptor =
        new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
            .setProvider(new BouncyCastleProvider())
            .setRandom(random)
            .setPassword("secret".toCharArray())
            .build();
    return pem(new JcaPKCS8Generator(key, encryptor));
  }

  static CertificateAndKey selfSignedRsa(SecureRandom random, Instant now) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048, random);
    KeyPair pair = generator.generateKeyPair();
    X500Name name = new X500Name("CN=rsa.test");
    var holder =
        new JcaX509v3CertificateBuilder(
                name,
                BigInteger.ONE,
                Date.from(now),
                Date.from(now.plus(Duration.ofDays(1))),
                name,
                pair.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
    return new CertificateAndKey(SelfSignedCertificates.toJdkCertificate(holder), pair.getPrivate());
  }

  private static String pem(Object o) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(o);
    }
    return out.toString();
  }
}
