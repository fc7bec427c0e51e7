package dev.parley.crypto.agreement;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A 32-byte X25519 public key (a Montgomery u-coordinate, RFC 7748 little-endian encoding).
 *
 * <p>Only the length is checked: RFC 7748 accepts any 32 bytes as a u-coordinate, and a low-order
 * point is caught where it matters, by {@link X25519KeyPair#agree} refusing an all-zero shared
 * secret. The array is copied in and out, so instances are immutable and thread-safe. Equality is
 * by content.
 *
 * @param bytes the 32-byte encoded key
 */
public record X25519PublicKey(byte[] bytes) {
  /** Length of an encoded key in bytes. */
  public static final int LENGTH = 32;

  /**
   * @throws IllegalArgumentException if {@code bytes} is not exactly 32 bytes
   */
  public X25519PublicKey {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("X25519 public key must be 32 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  /** Returns a copy of the encoded key. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Returns the key as 64 lowercase hex characters. */
  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof X25519PublicKey other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "X25519PublicKey[" + toHex() + "]";
  }
}
