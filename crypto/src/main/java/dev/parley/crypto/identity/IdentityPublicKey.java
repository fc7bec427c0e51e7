package dev.parley.crypto.identity;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A 32-byte Ed25519 public key in its RFC 8032 encoding.
 *
 * <p>The constructor checks only the length, so any 32 bytes received from a peer can be held and
 * compared; an encoding that is not a curve point simply never verifies. The array is copied in
 * and out, so instances are immutable and thread-safe. Equality is by content.
 *
 * @param bytes the 32-byte encoded key
 */
public record IdentityPublicKey(byte[] bytes) {
  /** Length of an encoded key in bytes. */
  public static final int LENGTH = Ed25519PublicKeyParameters.KEY_SIZE;

  private static final int SIGNATURE_LENGTH = Ed25519.SIGNATURE_SIZE;

  /**
   * @throws IllegalArgumentException if {@code bytes} is not exactly 32 bytes
   */
  public IdentityPublicKey {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "Ed25519 public key must be 32 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  /** Returns a copy of the encoded key. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * Returns whether {@code signature} is a valid Ed25519 signature of {@code message} by this key.
   * Never throws for bad input: a null, wrong-length or malformed signature, or a key that is not
   * a valid point, gives {@code false}. Thread-safe.
   */
  public boolean verify(byte[] message, byte[] signature) {
    if (message == null || signature == null || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    Ed25519PublicKeyParameters key = DecodedKeys.of(bytes);
    if (key == null) return false; // not a point
    return key.verify(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
  }

  /** Returns the key as 64 lowercase hex characters. */
  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdentityPublicKey other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "IdentityPublicKey[" + toHex() + "]";
  }
}
