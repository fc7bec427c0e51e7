package dev.parley.storage.prekey;

/** A one-time X25519 prekey: handed to exactly one sender, then gone. */
public record OneTimePrekeyRecord(int id, byte[] publicKey) {
  public OneTimePrekeyRecord {
    publicKey = publicKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }
}
