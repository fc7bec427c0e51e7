package dev.parley.storage.prekey;

/** A device's medium-term X25519 prekey, signed by its identity key. Opaque bytes to the store. */
public record SignedPrekeyRecord(int id, byte[] publicKey, byte[] signature) {
  public SignedPrekeyRecord {
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
