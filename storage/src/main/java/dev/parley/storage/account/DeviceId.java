package dev.parley.storage.account;

/** A device's server-assigned id, unique across all users; positive and never reused. */
public record DeviceId(long value) {
  public DeviceId {
    if (value <= 0) throw new IllegalArgumentException("device id <= 0: " + value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
