package dev.parley.storage.prekey;

/** A device's X25519 identity key for key agreement, signed by its Ed25519 identity key. */
public record IdentityDhRecord(byte[] publicKey, byte[] signature) {
  public IdentityDhRecord {
    publicKey = publicKey.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
