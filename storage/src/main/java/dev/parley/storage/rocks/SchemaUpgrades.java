package dev.parley.storage.rocks;

import java.nio.charset.StandardCharsets;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The steps that bring a database from one schema version to the next. Each step only adds to a
 * batch; {@link Database} writes it together with the new version number, before the store serves.
 */
final class SchemaUpgrades {
  /** The version this build writes. */
  static final long CURRENT = 2;

  private SchemaUpgrades() {}

  static void step(long from, Database db, WriteBatch batch) throws RocksDBException {
    switch ((int) from) {
      // Version 2 stores server settings. A database from before them was open to anyone, so it
      // says so explicitly rather than leaving the mode to whatever a later default may be.
      case 1 ->
          batch.put(
              db.cf(Family.META), InviteRecords.settingKey("registration_mode"),
              "open".getBytes(StandardCharsets.UTF_8));
      default -> throw new IllegalStateException("no upgrade from schema version " + from);
    }
  }
}
