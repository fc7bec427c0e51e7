package dev.parley.server.admin;

import dev.parley.storage.rocks.RocksBackups;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * backup create/list/verify and compact. Backups are RocksDB checkpoints, one directory each under
 * {@code <data-dir>/backups/} named by their UTC time; listing and verifying read files, so they run on
 * the admin work thread, never on the admin event loop.
 */
final class BackupCommands {
  private static final DateTimeFormatter NAME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final AdminContext ctx;
  private final Executor work;

  BackupCommands(AdminContext ctx, Executor work) {
    this.ctx = ctx;
    this.work = work;
  }

  void register(CommandTable table) {
    table
        .changes("backup.create", this::create)
        .reads("backup.list", this::list)
        .reads("backup.verify", this::verify)
        .changes("compact", a -> ctx.storage().admin().compact().thenApply(v -> Reply.ok(Map.of("compacted", true))));
  }

  Path backupsDir() {
    return ctx.config().dataDir().resolve("backups");
  }

  private CompletableFuture<Reply> create(Args args) {
    String name = args.optional("name").orElseGet(() -> NAME.format(ctx.clock().instant()));
    if (!SAFE_NAME.matcher(name).matches()) throw new BadArgument("backup names are 1-64 of A-Z a-z 0-9 . _ -");
    Path target = backupsDir().resolve(name);
    if (Files.exists(target)) return UserCommands.done(Reply.conflict("backup exists: " + name));
    return ctx.storage().admin().checkpoint(target).thenApplyAsync(v -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("path", target.toAbsolutePath().toString());
      m.put("bytes", size(target));
      return Reply.ok(m);
    }, work);
  }

  private CompletableFuture<Reply> list(Args args) {
    return CompletableFuture.supplyAsync(() -> {
      List<Map<String, Object>> backups = new ArrayList<>();
      Path dir = backupsDir();
      if (Files.isDirectory(dir)) {
        try (Stream<Path> entries = Files.list(dir)) {
          for (Path p : entries.sorted().toList()) {
            if (!Files.isDirectory(p)) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.getFileName().toString());
            m.put("path", p.toAbsolutePath().toString());
            m.put("bytes", size(p));
            m.put("modified", Files.getLastModifiedTime(p).toInstant().toString());
            backups.add(m);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return Reply.ok(Map.of("backups", backups));
    }, work);
  }

  private CompletableFuture<Reply> verify(Args args) {
    String name = args.required("backup");
    Path path = SAFE_NAME.matcher(name).matches() ? backupsDir().resolve(name) : Path.of(name);
    if (!Files.isDirectory(path)) return UserCommands.done(Reply.notFound("no such backup: " + name));
    return CompletableFuture.supplyAsync(() -> {
      RocksBackups.Check check = RocksBackups.verify(path);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", path.toAbsolutePath().toString());
      m.put("ok", true);
      m.put("schema_version", check.schemaVersion());
      m.put("keys", check.totalKeys());
      m.put("keys_by_family", new java.util.TreeMap<>(check.keysByFamily()));
      return Reply.ok(m);
    }, work);
  }

  private static long size(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
