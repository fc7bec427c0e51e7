package dev.parley.crypto.group;

import java.util.Arrays;

/**
 * Zero-fills key material this package owns once it is no longer needed. A package-private twin of
 * the session package's helper, kept separate rather than widening either package's API.
 */
final class Secrets {
  private Secrets() {}

  /** Zero-fills each non-null array. */
  static void wipe(byte[]... arrays) {
    for (byte[] array : arrays) {
      if (array != null) {
        Arrays.fill(array, (byte) 0);
      }
    }
  }

  /** Zero-fills {@code retired} unless it is the very array {@code kept} still uses. */
  static void wipeUnlessShared(byte[] retired, byte[] kept) {
    if (retired != null && retired != kept) {
      Arrays.fill(retired, (byte) 0);
    }
  }
}
