package dev.parley.crypto.identity;

import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 identity key pair (RFC 8032, pure Ed25519 without context).
 *
 * <p>Immutable and thread-safe: {@link #sign} may be called from any number of threads at once.
 * The private key never appears in {@link #toString()}; it leaves this object only through
 * {@link #privateKeyBytes()}, as a copy the caller owns.
 */
public final class IdentityKeyPair {
  private final Ed25519PrivateKeyParameters privateKey;
  private final Ed25519PublicKeyParameters publicKeyParams;
  private final IdentityPublicKey publicKey;

  private IdentityKeyPair(Ed25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.publicKeyParams = privateKey.generatePublicKey();
    this.publicKey = new IdentityPublicKey(publicKeyParams.getEncoded());
  }

  /** Generates a fresh key pair, taking 32 bytes of seed from {@code random}. */
  public static IdentityKeyPair generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    return new IdentityKeyPair(new Ed25519PrivateKeyParameters(random));
  }

  /**
   * Restores a key pair from the 32-byte RFC 8032 secret key (the seed, not the expanded key).
   * The argument is copied.
   *
   * @throws IllegalArgumentException if {@code privateKey32} is not exactly 32 bytes
   */
  public static IdentityKeyPair fromPrivateKey(byte[] privateKey32) {
    Objects.requireNonNull(privateKey32, "privateKey32");
    if (privateKey32.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException(
          "Ed25519 private key must be 32 bytes, got " + privateKey32.length);
    }
    return new IdentityKeyPair(new Ed25519PrivateKeyParameters(privateKey32, 0));
  }

  /** Returns a fresh copy of the 32-byte secret key; the caller owns it and should wipe it. */
  public byte[] privateKeyBytes() {
    return privateKey.getEncoded();
  }

  /** Returns the public half. */
  public IdentityPublicKey publicKey() {
    return publicKey;
  }

  /**
   * Signs {@code message} and returns the 64-byte signature. Deterministic: the same key and
   * message always give the same signature. Thread-safe.
   */
  @SuppressWarnings("deprecation") // the overload that takes the cached public key; see below
  public byte[] sign(byte[] message) {
    Objects.requireNonNull(message, "message");
    byte[] signature = new byte[Ed25519PrivateKeyParameters.SIGNATURE_SIZE];
    // Passing the cached public key skips re-deriving it (a scalar multiplication) per signature.
    privateKey.sign(
        Ed25519.Algorithm.Ed25519, publicKeyParams, null, message, 0, message.length, signature, 0);
    return signature;
  }

  @Override
  public String toString() {
    return "IdentityKeyPair[public=" + publicKey.toHex() + "]";
  }
}
