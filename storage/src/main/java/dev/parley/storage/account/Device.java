package dev.parley.storage.account;

/** One device of a user, with the Ed25519 public key it logs in with. */
public record Device(UserId user, DeviceId id, byte[] identityKey, String name, long createdAtMs) {
  public Device {
    if (identityKey.length != 32) throw new IllegalArgumentException("identity key must be 32 bytes");
    identityKey = identityKey.clone();
  }

  @Override
  public byte[] identityKey() {
    return identityKey.clone();
  }
}
