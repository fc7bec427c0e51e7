package dev.parley.crypto.kem;

import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMExtractor;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMKeyPairGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPrivateKeyParameters;

/**
 * An ML-KEM-768 key pair (FIPS 203).
 *
 * <p>The private key is stored and exchanged in the FIPS 203 <em>seed</em> form: the 64 bytes
 * {@code d || z} from which key generation (ML-KEM.KeyGen_internal) derives the whole key pair. It
 * is the smallest encoding, and, unlike the 2400-byte expanded decapsulation key, cannot hold an
 * inconsistent public key or hash. The expanded form is not accepted.
 *
 * <p>Immutable and thread-safe: {@link #decapsulate} may be called from any number of threads. The
 * private key never appears in {@link #toString()}. Bouncy Castle keeps its own copies of the
 * private key inside the key parameters, which cannot be wiped; they become garbage with this
 * object.
 */
public final class MlKemKeyPair {
  /** Length of the private key in its seed form ({@code d || z}) in bytes. */
  public static final int PRIVATE_KEY_LENGTH = 64;

  private final MLKEMPrivateKeyParameters privateKey;
  private final MlKemPublicKey publicKey;

  private MlKemKeyPair(MLKEMPrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.publicKey = new MlKemPublicKey(privateKey.getPublicKey());
  }

  /** Generates a fresh key pair, taking the 64-byte seed from {@code random}. */
  public static MlKemKeyPair generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    MLKEMKeyPairGenerator generator = new MLKEMKeyPairGenerator();
    generator.init(new MLKEMKeyGenerationParameters(random, MLKEMParameters.ml_kem_768));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    return new MlKemKeyPair((MLKEMPrivateKeyParameters) pair.getPrivate());
  }

  /**
   * Restores a key pair from the 64-byte seed {@code d || z} returned by {@link
   * #privateKeyBytes()}. The argument is copied; the caller still owns and should wipe it.
   *
   * @throws IllegalArgumentException if {@code seed64} is not exactly 64 bytes
   */
  public static MlKemKeyPair fromPrivateKey(byte[] seed64) {
    Objects.requireNonNull(seed64, "seed64");
    if (seed64.length != PRIVATE_KEY_LENGTH) {
      // Checked here because Bouncy Castle answers other lengths with an array index error.
      throw new IllegalArgumentException(
          "ML-KEM private key seed must be 64 bytes, got " + seed64.length);
    }
    return new MlKemKeyPair(new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, seed64));
  }

  /** Returns a fresh copy of the 64-byte seed; the caller owns it and should wipe it. */
  public byte[] privateKeyBytes() {
    return privateKey.getSeed();
  }

  /** Returns the encapsulation key. */
  public MlKemPublicKey publicKey() {
    return publicKey;
  }

  /**
   * Recovers the 32-byte shared secret from {@code ciphertext}. A ciphertext that was not made for
   * this key yields an unrelated pseudorandom secret rather than an error (FIPS 203 implicit
   * rejection), so a mismatch shows up only when the derived keys fail to authenticate something.
   * Thread-safe.
   *
   * @return a fresh array the caller owns and should wipe
   * @throws IllegalArgumentException if {@code ciphertext} is not exactly 1088 bytes
   */
  public byte[] decapsulate(byte[] ciphertext) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    if (ciphertext.length != MlKemEncapsulation.CIPHERTEXT_LENGTH) {
      throw new IllegalArgumentException(
          "ML-KEM-768 ciphertext must be "
              + MlKemEncapsulation.CIPHERTEXT_LENGTH
              + " bytes, got "
              + ciphertext.length);
    }
    return new MLKEMExtractor(privateKey).extractSecret(ciphertext);
  }

  @Override
  public String toString() {
    return "MlKemKeyPair[public=" + publicKey + "]";
  }
}
