package dev.parley.protocol.sdk;

/** One device of an account, as the server lists it. */
public record DeviceSummary(long deviceId, String name, byte[] identityKey, long createdAtMs) {
  public DeviceSummary {
    identityKey = identityKey.clone();
  }

  @Override
  public byte[] identityKey() {
    return identityKey.clone();
  }
}
