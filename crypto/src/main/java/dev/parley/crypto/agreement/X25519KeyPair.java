package dev.parley.crypto.agreement;

import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * An X25519 key pair for Diffie-Hellman agreement (RFC 7748).
 *
 * <p>Immutable and thread-safe: {@link #agree} may be called from any number of threads at once.
 * The private key never appears in {@link #toString()}; it leaves this object only through {@link
 * #privateKeyBytes()}, as a copy the caller owns. Bouncy Castle keeps its own copy of the scalar
 * inside the key parameters, which cannot be wiped; it becomes garbage with this object.
 */
public final class X25519KeyPair {
  /** Length of a private key (the unclamped scalar) in bytes. */
  public static final int PRIVATE_KEY_LENGTH = X25519PrivateKeyParameters.KEY_SIZE;

  /** Length of an agreement output in bytes. */
  public static final int SHARED_SECRET_LENGTH = X25519PrivateKeyParameters.SECRET_SIZE;

  private final X25519PrivateKeyParameters privateKey;
  private final X25519PublicKey publicKey;

  private X25519KeyPair(X25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.publicKey = new X25519PublicKey(privateKey.generatePublicKey().getEncoded());
  }

  /** Generates a fresh key pair, taking 32 bytes from {@code random}. */
  public static X25519KeyPair generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    return new X25519KeyPair(new X25519PrivateKeyParameters(random));
  }

  /**
   * Restores a key pair from a 32-byte private scalar as RFC 7748 encodes it. Any 32 bytes are a
   * valid scalar (clamping happens inside the scalar multiplication). The argument is copied; the
   * caller still owns and should wipe it.
   *
   * @throws IllegalArgumentException if {@code privateKey32} is not exactly 32 bytes
   */
  public static X25519KeyPair fromPrivateKey(byte[] privateKey32) {
    Objects.requireNonNull(privateKey32, "privateKey32");
    if (privateKey32.length != PRIVATE_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "X25519 private key must be 32 bytes, got " + privateKey32.length);
    }
    return new X25519KeyPair(new X25519PrivateKeyParameters(privateKey32, 0));
  }

  /** Returns a fresh copy of the 32-byte private scalar; the caller owns it and should wipe it. */
  public byte[] privateKeyBytes() {
    return privateKey.getEncoded();
  }

  /** Returns the public half. */
  public X25519PublicKey publicKey() {
    return publicKey;
  }

  /**
   * Computes the 32-byte shared secret X25519(private, peer). The caller owns the result and should
   * wipe it once it has been fed to a KDF. Thread-safe.
   *
   * @throws IllegalArgumentException if the result is all zeros, which happens exactly when {@code
   *     peer} is a low-order point; such a key contributes nothing secret, so it is refused as RFC
   *     7748 section 6.1 recommends
   */
  public byte[] agree(X25519PublicKey peer) {
    Objects.requireNonNull(peer, "peer");
    X25519Agreement agreement = new X25519Agreement();
    agreement.init(privateKey);
    byte[] secret = new byte[SHARED_SECRET_LENGTH];
    try {
      agreement.calculateAgreement(new X25519PublicKeyParameters(peer.bytes(), 0), secret, 0);
    } catch (IllegalStateException allZero) {
      // Bouncy Castle signals the all-zero output this way; it checks in constant time.
      throw new IllegalArgumentException("X25519 peer key is a low-order point");
    }
    return secret;
  }

  @Override
  public String toString() {
    return "X25519KeyPair[public=" + publicKey.toHex() + "]";
  }
}
