package dev.parley.storage.prekey;

/**
 * A signed ML-KEM-768 prekey. One-time ones are handed out once; the last-resort one is handed out
 * whenever no one-time KEM prekey is left, and is never deleted by a fetch.
 */
public record KemPrekeyRecord(int id, byte[] publicKey, byte[] signature, boolean lastResort) {
  public KemPrekeyRecord {
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
