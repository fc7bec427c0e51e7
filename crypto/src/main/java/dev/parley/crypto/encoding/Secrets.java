package dev.parley.crypto.encoding;

import java.util.Arrays;

/** Zero-fills key material this package owns once it is no longer needed. */
public final class Secrets {
  private Secrets() {}

  /** Zero-fills each non-null array. */
  public static void wipe(byte[]... arrays) {
    for (byte[] array : arrays) {
      if (array != null) {
        Arrays.fill(array, (byte) 0);
      }
    }
  }

  /**
   * Zero-fills {@code retired} unless it is the very array {@code kept} still uses; state snapshots
   * share arrays that did not change between them.
   */
  public static void wipeUnlessShared(byte[] retired, byte[] kept) {
    if (retired != null && retired != kept) {
      Arrays.fill(retired, (byte) 0);
    }
  }

  public static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int offset = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, offset, part.length);
      offset += part.length;
    }
    return out;
  }
}
