package dev.parley.storage.rocks;

import dev.parley.storage.account.Device;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.prekey.DeviceBundle;
import dev.parley.storage.prekey.KemPrekeyRecord;
import dev.parley.storage.prekey.OneTimePrekeyRecord;
import dev.parley.storage.rocks.disk.DeviceKeysRecord;
import dev.parley.storage.rocks.disk.PrekeyCountsRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksDBException;

/**
 * Hands out one bundle per device of {@code user} ({@code devices}, or all of them when empty),
 * consuming the lowest-id one-time EC and one-time KEM prekey of each. The last-resort KEM prekey
 * stands in, unconsumed, when no one-time KEM prekey is left.
 *
 * <p>One op for the whole fetch, on the commit thread: it reads through the {@link Round}, so it sees
 * the keys that earlier ops of the round consumed or added, and no later writer can interleave, so
 * no one-time prekey is ever handed out twice. The deletions are durable before anyone sees the
 * bundle.
 */
record TakeOp(UserId user, List<DeviceId> devices) implements CommitOp<List<DeviceBundle>> {

  TakeOp {
    devices = List.copyOf(devices);
  }

  @Override
  public List<DeviceBundle> apply(Round round) throws RocksDBException {
    List<DeviceBundle> bundles = new ArrayList<>();
    for (Device device : targets(round)) take(round, device).ifPresent(bundles::add);
    return bundles;
  }

  /** The listed devices that are the user's, in list order, or all the user's in id order. */
  private List<Device> targets(Round round) throws RocksDBException {
    List<Device> targets = new ArrayList<>();
    if (devices.isEmpty()) {
      for (Round.Entry e : round.scan(Family.DEVICES, Keys.user(user), Integer.MAX_VALUE)) {
        targets.add(Records.device(e.value()));
      }
      return targets;
    }
    for (DeviceId id : devices) {
      byte[] stored = round.get(Family.DEVICES, Keys.device(user, id));
      if (stored != null) targets.add(Records.device(stored));
    }
    return targets;
  }

  /** Empty when the device lacks its identity DH key, its signed prekey or any KEM prekey. */
  private static Optional<DeviceBundle> take(Round round, Device device) throws RocksDBException {
    byte[] deviceKey = Keys.device(device.id());
    DeviceKeysRecord keys = PrekeyRecords.deviceKeys(round.get(Family.DEVICE_KEYS, deviceKey));
    if (!PrekeyRecords.hasLongLivedKeys(keys)) return Optional.empty();
    Optional<Round.Entry> kem = round.first(Family.PREKEYS_KEM, deviceKey);
    if (kem.isEmpty() && !keys.hasLastResortKem()) return Optional.empty();
    Optional<Round.Entry> ec = round.first(Family.PREKEYS_EC, deviceKey);

    PrekeyCountsRecord before = PrekeyRecords.counts(round.get(Family.PREKEY_COUNTS, deviceKey));
    int ecLeft = before.getOneTimeEc();
    int kemLeft = before.getOneTimeKem();
    if (ec.isPresent()) {
      round.delete(Family.PREKEYS_EC, ec.get().key());
      ecLeft = Math.max(0, ecLeft - 1);
    }
    if (kem.isPresent()) {
      round.delete(Family.PREKEYS_KEM, kem.get().key());
      kemLeft = Math.max(0, kemLeft - 1);
    }
    PrekeyCountsRecord after = PrekeyRecords.counts(ecLeft, kemLeft);
    if (!after.equals(before)) round.put(Family.PREKEY_COUNTS, deviceKey, after.toByteArray());

    Optional<OneTimePrekeyRecord> oneTime = ec.map(e -> new OneTimePrekeyRecord(Keys.prekeyId(e.key()), e.value()));
    KemPrekeyRecord kemPrekey =
        kem.isPresent()
            ? PrekeyRecords.kemPrekey(Keys.prekeyId(kem.get().key()), kem.get().value())
            : PrekeyRecords.lastResortKem(keys);
    return Optional.of(
        new DeviceBundle(
            device.id(),
            device.identityKey(),
            PrekeyRecords.identityDh(keys),
            PrekeyRecords.signedPrekey(keys),
            oneTime,
            kemPrekey,
            PrekeyRecords.stock(keys, after)));
  }
}
