package dev.parley.storage.rocks;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.prekey.KemPrekeyRecord;
import dev.parley.storage.prekey.OneTimePrekeyRecord;
import dev.parley.storage.prekey.PrekeyCounts;
import dev.parley.storage.prekey.PrekeyUpload;
import dev.parley.storage.rocks.disk.DeviceKeysRecord;
import dev.parley.storage.rocks.disk.PrekeyCountsRecord;
import org.rocksdb.RocksDBException;

/**
 * Stores a device's upload: long-lived keys replace the stored ones, one-time keys are added (an id
 * already stored is replaced, not counted twice), and the counts move in the same batch. Refuses,
 * with {@link InvalidWriteException} (an {@link IllegalArgumentException}), a device that does not
 * exist (never did, or was removed earlier, possibly in the same round). Runs on the commit thread.
 */
record UploadOp(DeviceId device, PrekeyUpload upload) implements CommitOp<PrekeyCounts> {

  @Override
  public PrekeyCounts apply(Round round) throws RocksDBException {
    byte[] deviceKey = Keys.device(device);
    if (round.get(Family.DEVICE_INDEX, deviceKey) == null) throw new InvalidWriteException("no device " + device);

    DeviceKeysRecord stored = PrekeyRecords.deviceKeys(round.get(Family.DEVICE_KEYS, deviceKey));
    DeviceKeysRecord keys = PrekeyRecords.withUpload(stored, upload);
    if (!keys.equals(stored)) round.put(Family.DEVICE_KEYS, deviceKey, keys.toByteArray());

    PrekeyCountsRecord before = PrekeyRecords.counts(round.get(Family.PREKEY_COUNTS, deviceKey));
    int ec = before.getOneTimeEc();
    for (OneTimePrekeyRecord k : upload.oneTimePrekeys()) {
      if (put(round, Family.PREKEYS_EC, Keys.prekey(device, k.id()), k.publicKey())) ec++;
    }
    int kem = before.getOneTimeKem();
    for (KemPrekeyRecord k : upload.kemPrekeys()) {
      if (put(round, Family.PREKEYS_KEM, Keys.prekey(device, k.id()), PrekeyRecords.kemPrekey(k))) kem++;
    }
    PrekeyCountsRecord after = PrekeyRecords.counts(ec, kem);
    if (!after.equals(before)) round.put(Family.PREKEY_COUNTS, deviceKey, after.toByteArray());
    return PrekeyRecords.stock(keys, after);
  }

  /** Puts the key; true when it is new (so the count grows), false when it replaced a stored one. */
  private static boolean put(Round round, Family family, byte[] key, byte[] value) throws RocksDBException {
    boolean added = round.get(family, key) == null;
    round.put(family, key, value);
    return added;
  }
}
