package dev.parley.storage.account;

/** What a registration asks the store to create: an account and its first device. */
public record NewAccount(Username username, byte[] identityKey, String deviceName, long nowMs) {
  public NewAccount {
    if (identityKey.length != 32) throw new IllegalArgumentException("identity key must be 32 bytes");
    identityKey = identityKey.clone();
  }

  @Override
  public byte[] identityKey() {
    return identityKey.clone();
  }
}
