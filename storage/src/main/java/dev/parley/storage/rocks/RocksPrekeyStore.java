package dev.parley.storage.rocks;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.prekey.DeviceBundle;
import dev.parley.storage.prekey.KemPrekeyRecord;
import dev.parley.storage.prekey.OneTimePrekeyRecord;
import dev.parley.storage.prekey.PrekeyCounts;
import dev.parley.storage.prekey.PrekeyStore;
import dev.parley.storage.prekey.PrekeyUpload;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;

/**
 * The key directory: uploads and takes through the commit stage, counts on the read stage.
 *
 * <p>Counts are kept, not counted: prekey_counts holds each device's number of one-time EC and KEM
 * prekeys and moves in the same batch as the keys, so a count costs two point reads however large
 * the stock, and the commit thread never scans values it does not hand out.
 */
final class RocksPrekeyStore implements PrekeyStore {
  private final Database db;
  private final CommitStage commits;
  private final ReadStage reads;

  RocksPrekeyStore(Database db, CommitStage commits, ReadStage reads) {
    this.db = db;
    this.commits = commits;
    this.reads = reads;
  }

  /**
   * Fails with {@link IllegalArgumentException} at once for an empty public key, and through the
   * future when the device does not exist.
   */
  @Override
  public CompletableFuture<PrekeyCounts> upload(DeviceId device, PrekeyUpload upload) {
    Objects.requireNonNull(device, "device");
    check(upload);
    return commits.submit(new UploadOp(device, upload));
  }

  private static void check(PrekeyUpload upload) {
    // An empty long-lived key is how the disk record says "absent", so none may be stored.
    upload.identityDh().ifPresent(k -> requireKey("identity DH", k.publicKey()));
    upload.signedPrekey().ifPresent(k -> requireKey("signed prekey", k.publicKey()));
    upload.lastResortKemPrekey().ifPresent(k -> requireKey("last-resort KEM prekey", k.publicKey()));
    for (OneTimePrekeyRecord k : upload.oneTimePrekeys()) requireKey("one-time prekey", k.publicKey());
    for (KemPrekeyRecord k : upload.kemPrekeys()) requireKey("KEM prekey", k.publicKey());
  }

  private static void requireKey(String what, byte[] publicKey) {
    if (publicKey.length == 0) throw new IllegalArgumentException(what + " is empty");
  }

  @Override
  public CompletableFuture<List<DeviceBundle>> take(UserId user, List<DeviceId> devices) {
    Objects.requireNonNull(user, "user");
    devices.forEach(d -> Objects.requireNonNull(d, "device"));
    // A device listed twice gets one bundle, not two keys.
    return commits.submit(new TakeOp(user, List.copyOf(new LinkedHashSet<>(devices))));
  }

  @Override
  public CompletableFuture<PrekeyCounts> counts(DeviceId device) {
    Objects.requireNonNull(device, "device");
    return reads.submit(() -> countsOf(device));
  }

  /** Reads both records from one snapshot, so a commit between the two reads cannot mix them. */
  private PrekeyCounts countsOf(DeviceId device) throws RocksDBException {
    byte[] deviceKey = Keys.device(device);
    Snapshot snapshot = db.db().getSnapshot();
    try (ReadOptions atSnapshot = new ReadOptions().setSnapshot(snapshot)) {
      return PrekeyRecords.stock(
          PrekeyRecords.deviceKeys(db.get(Family.DEVICE_KEYS, atSnapshot, deviceKey)),
          PrekeyRecords.counts(db.get(Family.PREKEY_COUNTS, atSnapshot, deviceKey)));
    } finally {
      db.db().releaseSnapshot(snapshot);
    }
  }
}
