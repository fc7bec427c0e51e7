package dev.parley.storage.rocks;

import dev.parley.storage.StorageFailureException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Offline work on checkpoints made by {@link dev.parley.storage.admin.AdminStore#checkpoint}: check
 * one, and restore one into a fresh directory. Blocking; for the command line and for tests, never for
 * an event loop.
 */
public final class RocksBackups {
  private RocksBackups() {}

  /** What a verified checkpoint holds. */
  public record Check(long schemaVersion, Map<String, Long> keysByFamily) {
    public Check {
      keysByFamily = Map.copyOf(keysByFamily);
    }

    public long totalKeys() {
      return keysByFamily.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Opens the database in {@code dir} read-only and reads every key of every column family with
   * checksums verified, and checks that this build can read its schema version.
   *
   * @throws StorageFailureException when it is not a readable Parley database
   */
  public static Check verify(Path dir) {
    if (!Files.isRegularFile(dir.resolve("CURRENT"))) {
      throw new StorageFailureException("not a database (no CURRENT file): " + dir, null);
    }
    RocksDB.loadLibrary();
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (Options listOptions = new Options(); DBOptions options = new DBOptions()) {
      List<byte[]> names = RocksDB.listColumnFamilies(listOptions, dir.toString());
      List<ColumnFamilyDescriptor> descriptors = names.stream().map(ColumnFamilyDescriptor::new).toList();
      try (RocksDB db = RocksDB.openReadOnly(options, dir.toString(), descriptors, handles);
          ReadOptions read = new ReadOptions().setVerifyChecksums(true).setFillCache(false)) {
        Map<String, Long> counts = new LinkedHashMap<>();
        ColumnFamilyHandle meta = null;
        for (int i = 0; i < names.size(); i++) {
          String name = new String(names.get(i), StandardCharsets.UTF_8);
          if (name.equals("meta")) meta = handles.get(i);
          long n = 0;
          try (RocksIterator it = db.newIterator(handles.get(i), read)) {
            for (it.seekToFirst(); it.isValid(); it.next()) n++;
            it.status();
          }
          counts.put(name, n);
        }
        byte[] version = meta == null ? null : db.get(meta, Keys.meta("schema_version"));
        if (version == null) throw new StorageFailureException("no schema version in " + dir, null);
        long schema = Keys.decodeLong(version);
        if (schema > SchemaUpgrades.CURRENT) {
          throw new StorageFailureException(
              "schema version " + schema + " is newer than this build's " + SchemaUpgrades.CURRENT, null);
        }
        return new Check(schema, counts);
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    } catch (RocksDBException e) {
      throw new StorageFailureException("cannot read the database in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Copies the checkpoint in {@code checkpoint} to {@code target} (which must be missing or empty),
   * then verifies the copy. The copy shares no files with the checkpoint, so the backup stays intact
   * whatever the restored server does.
   */
  public static Check restore(Path checkpoint, Path target) {
    verify(checkpoint);
    try {
      if (Files.exists(target)) {
        try (Stream<Path> entries = Files.list(target)) {
          if (entries.findAny().isPresent()) {
            throw new IllegalArgumentException("restore target is not empty: " + target);
          }
        }
      }
      Files.createDirectories(target);
      try (Stream<Path> files = Files.list(checkpoint)) {
        for (Path f : files.toList()) {
          if (Files.isRegularFile(f)) Files.copy(f, target.resolve(f.getFileName()));
        }
      }
    } catch (IOException e) {
      throw new StorageFailureException("cannot copy " + checkpoint + " to " + target, e);
    }
    return verify(target);
  }
}
