package dev.parley.storage.inbox;

import java.util.Arrays;
import java.util.HexFormat;

/** The 16 random bytes a sender chooses per message; a retry of the same message reuses them. */
public record ClientMsgId(byte[] bytes) {
  public static final int LENGTH = 16;

  public ClientMsgId {
    if (bytes.length != LENGTH) throw new IllegalArgumentException("client_msg_id must be 16 bytes");
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientMsgId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
