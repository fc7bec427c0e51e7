package dev.parley.crypto.encoding;

import java.util.Arrays;

/**
 * Strict big-endian reader over one encoded value. Every read checks the remaining length and
 * {@link #expectEnd()} refuses trailing bytes, so each encoding has exactly one accepted form.
 * Failures are {@link IllegalArgumentException}s that the public decoders translate into their own
 * typed exceptions. Not thread-safe; used on one value by one thread.
 */
public final class ByteReader {
  private final byte[] data;
  private int position;

  public ByteReader(byte[] data) {
    this.data = data;
  }

  public int u8() {
    require(1);
    return data[position++] & 0xFF;
  }

  /** Reads a byte that must be 0 or 1. */
  public boolean flag() {
    int value = u8();
    if (value > 1) {
      throw new IllegalArgumentException("flag byte must be 0 or 1, got " + value);
    }
    return value == 1;
  }

  public int u16() {
    return (u8() << 8) | u8();
  }

  /** Reads a big-endian u32 that must be below 2^31, so it fits a non-negative {@code int}. */
  public int nonNegativeInt() {
    require(4);
    int value =
        ((data[position] & 0xFF) << 24)
            | ((data[position + 1] & 0xFF) << 16)
            | ((data[position + 2] & 0xFF) << 8)
            | (data[position + 3] & 0xFF);
    position += 4;
    if (value < 0) {
      throw new IllegalArgumentException("u32 field exceeds 2^31 - 1");
    }
    return value;
  }

  /** Returns a copy of the next {@code length} bytes; the caller owns it. */
  public byte[] bytes(int length) {
    require(length);
    byte[] out = Arrays.copyOfRange(data, position, position + length);
    position += length;
    return out;
  }

  public void expectVersion(int expected) {
    int version = u8();
    if (version != expected) {
      throw new IllegalArgumentException("unsupported format version " + version);
    }
  }

  public void expectEnd() {
    if (position != data.length) {
      throw new IllegalArgumentException(
          (data.length - position) + " trailing bytes after offset " + position);
    }
  }

  private void require(int length) {
    if (data.length - position < length) {
      throw new IllegalArgumentException(
          "truncated: need " + length + " bytes at offset " + position + " of " + data.length);
    }
  }
}
