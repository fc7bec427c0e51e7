package dev.parley.protocol.version;

/**
 * The client protocol versions this code speaks. A server accepts any version in [{@link #MIN},
 * {@link #MAX}] and answers others with UNSUPPORTED_VERSION naming this range.
 */
public final class ProtocolVersion {
  public static final int MIN = 1;
  public static final int MAX = 1;
  public static final int CURRENT = 1;

  private ProtocolVersion() {}

  public static boolean supported(int version) {
    return version >= MIN && version <= MAX;
  }
}
