package dev.parley.storage.rocks;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.parley.storage.prekey.IdentityDhRecord;
import dev.parley.storage.prekey.KemPrekeyRecord;
import dev.parley.storage.prekey.PrekeyCounts;
import dev.parley.storage.prekey.PrekeyUpload;
import dev.parley.storage.prekey.SignedPrekeyRecord;
import dev.parley.storage.rocks.disk.DeviceKeysRecord;
import dev.parley.storage.rocks.disk.KemPrekeyDisk;
import dev.parley.storage.rocks.disk.LastResortKemDisk;
import dev.parley.storage.rocks.disk.PrekeyCountsRecord;

/**
 * Maps the key directory's domain records to their disk protobufs and back. A long-lived key is
 * absent on disk while its public key is empty, which is why the store refuses empty keys. Damage on
 * disk is reported as {@link dev.parley.storage.StorageFailureException}, as in {@link Records}.
 */
final class PrekeyRecords {
  private PrekeyRecords() {}

  /** The stored long-lived keys; the empty record when the device has uploaded none. */
  static DeviceKeysRecord deviceKeys(byte[] bytes) {
    if (bytes == null) return DeviceKeysRecord.getDefaultInstance();
    try {
      return DeviceKeysRecord.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw Records.corrupt("device keys", e);
    }
  }

  /** {@code keys} with the long-lived keys the upload carries put in place. */
  static DeviceKeysRecord withUpload(DeviceKeysRecord keys, PrekeyUpload upload) {
    DeviceKeysRecord.Builder b = keys.toBuilder();
    upload.identityDh()
        .ifPresent(
            k -> b.setIdentityDhPublic(bytes(k.publicKey())).setIdentityDhSignature(bytes(k.signature())));
    upload.signedPrekey()
        .ifPresent(
            k ->
                b.setSignedPrekeyId(k.id())
                    .setSignedPrekeyPublic(bytes(k.publicKey()))
                    .setSignedPrekeySignature(bytes(k.signature())));
    upload.lastResortKemPrekey()
        .ifPresent(
            k ->
                b.setLastResortKem(
                    LastResortKemDisk.newBuilder()
                        .setId(k.id())
                        .setPublicKey(bytes(k.publicKey()))
                        .setSignature(bytes(k.signature()))));
    return b.build();
  }

  /** True when the device can be handed out: identity DH key and signed prekey in place. */
  static boolean hasLongLivedKeys(DeviceKeysRecord keys) {
    return !keys.getIdentityDhPublic().isEmpty() && !keys.getSignedPrekeyPublic().isEmpty();
  }

  static IdentityDhRecord identityDh(DeviceKeysRecord keys) {
    return new IdentityDhRecord(keys.getIdentityDhPublic().toByteArray(), keys.getIdentityDhSignature().toByteArray());
  }

  static SignedPrekeyRecord signedPrekey(DeviceKeysRecord keys) {
    return new SignedPrekeyRecord(
        keys.getSignedPrekeyId(),
        keys.getSignedPrekeyPublic().toByteArray(),
        keys.getSignedPrekeySignature().toByteArray());
  }

  /** The last-resort KEM prekey; only when {@code keys.hasLastResortKem()}. */
  static KemPrekeyRecord lastResortKem(DeviceKeysRecord keys) {
    LastResortKemDisk k = keys.getLastResortKem();
    return new KemPrekeyRecord(k.getId(), k.getPublicKey().toByteArray(), k.getSignature().toByteArray(), true);
  }

  static byte[] kemPrekey(KemPrekeyRecord k) {
    return KemPrekeyDisk.newBuilder()
        .setPublicKey(bytes(k.publicKey()))
        .setSignature(bytes(k.signature()))
        .build()
        .toByteArray();
  }

  static KemPrekeyRecord kemPrekey(int id, byte[] bytes) {
    try {
      KemPrekeyDisk k = KemPrekeyDisk.parseFrom(bytes);
      return new KemPrekeyRecord(id, k.getPublicKey().toByteArray(), k.getSignature().toByteArray(), false);
    } catch (InvalidProtocolBufferException e) {
      throw Records.corrupt("KEM prekey", e);
    }
  }

  /** The stored counts; zero when the device has no one-time prekeys. */
  static PrekeyCountsRecord counts(byte[] bytes) {
    if (bytes == null) return PrekeyCountsRecord.getDefaultInstance();
    try {
      return PrekeyCountsRecord.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw Records.corrupt("prekey counts", e);
    }
  }

  static PrekeyCountsRecord counts(int oneTimeEc, int oneTimeKem) {
    return PrekeyCountsRecord.newBuilder().setOneTimeEc(oneTimeEc).setOneTimeKem(oneTimeKem).build();
  }

  /** The stock as the domain reports it: complete once a sender could build a full bundle. */
  static PrekeyCounts stock(DeviceKeysRecord keys, PrekeyCountsRecord counts) {
    boolean someKem = counts.getOneTimeKem() > 0 || keys.hasLastResortKem();
    return new PrekeyCounts(counts.getOneTimeEc(), counts.getOneTimeKem(), hasLongLivedKeys(keys) && someKem);
  }

  private static ByteString bytes(byte[] b) {
    return ByteString.copyFrom(b);
  }
}
