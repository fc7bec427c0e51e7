package dev.parley.storage.rocks;

import dev.parley.storage.account.UserId;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.Role;
import java.nio.charset.StandardCharsets;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The steps that bring a database from one schema version to the next. Each step only adds to a
 * batch; {@link Database} writes it together with the new version number, before the store serves.
 */
final class SchemaUpgrades {
  /** The version this build writes. */
  static final long CURRENT = 3;

  private SchemaUpgrades() {}

  static void step(long from, Database db, WriteBatch batch) throws RocksDBException {
    switch ((int) from) {
      // Version 2 stores server settings. A database from before them was open to anyone, so it
      // says so explicitly rather than leaving the mode to whatever a later default may be.
      case 1 ->
          batch.put(
              db.cf(Family.META), InviteRecords.settingKey("registration_mode"),
              "open".getBytes(StandardCharsets.UTF_8));
      // Version 3 indexes each group's admins (group_admins), where an owner who leaves finds its
      // successor; the admins of older groups are found by reading every membership once.
      case 2 -> indexAdmins(db, batch);
      default -> throw new IllegalStateException("no upgrade from schema version " + from);
    }
  }

  private static void indexAdmins(Database db, WriteBatch batch) throws RocksDBException {
    // Total order: the family's prefix extractor would otherwise confine the scan to one group.
    try (ReadOptions all = new ReadOptions().setTotalOrderSeek(true).setFillCache(false);
        RocksIterator it = db.iterator(Family.GROUP_MEMBERS, all)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        GroupId group = new GroupId(Keys.memberGroup(key));
        UserId user = new UserId(Keys.memberUser(key));
        if (GroupRecords.membership(group, user, it.value()).role() == Role.ADMIN) {
          batch.put(db.cf(Family.GROUP_ADMINS), key, Keys.EMPTY);
        }
      }
      it.status();
    }
  }
}
