package dev.parley.protocol.version;

/**
 * The client protocol versions this code speaks. A server accepts any version in [{@link #MIN},
 * {@link #MAX}] and answers others with UNSUPPORTED_VERSION naming this range.
 */
public final class ProtocolVersion {
  /** Version 2 replaced Send.body with one ciphertext per device (end-to-end encryption). */
  public static final int MIN = 2;
  public static final int MAX = 2;
  public static final int CURRENT = 2;

  private ProtocolVersion() {}

  public static boolean supported(int version) {
    return version >= MIN && version <= MAX;
  }
}
