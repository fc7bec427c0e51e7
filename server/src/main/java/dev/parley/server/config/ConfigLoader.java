package dev.parley.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads {@link ServerConfig} from HOCON: an optional operator file over the built-in defaults. */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** The defaults alone. */
  public static ServerConfig defaults() {
    return fromConfig(ConfigFactory.defaultReference());
  }

  /** {@code file} over the defaults. Fails with a message naming the file and the bad option. */
  public static ServerConfig load(Path file) {
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException("config file not found: " + file);
    try {
      Config user = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      Config reference = ConfigFactory.defaultReference();
      refuseUnknownKeys(user, reference);
      return fromConfig(user.withFallback(reference).resolve());
    } catch (ConfigException e) {
      throw new IllegalArgumentException("bad config " + file + ": " + e.getMessage(), e);
    }
  }

  /** A misspelled option would silently keep its default; refuse it by name instead. */
  private static void refuseUnknownKeys(Config user, Config reference) {
    for (var entry : user.entrySet()) {
      String key = entry.getKey();
      if (!key.startsWith("parley.") || !reference.hasPathOrNull(key)) {
        throw new IllegalArgumentException("unknown option " + key + " (see docs/configuration.md)");
      }
    }
  }

  static ServerConfig fromConfig(Config root) {
    Config c = root.getConfig("parley");
    Config tls = c.getConfig("tls");
    Config limits = c.getConfig("limits");
    Config timeouts = c.getConfig("timeouts");
    Config delivery = c.getConfig("delivery");
    Config storage = c.getConfig("storage");
    Config admin = c.getConfig("admin");
    Config metrics = c.getConfig("metrics");
    return new ServerConfig(
        c.getString("listen.host"),
        c.getInt("listen.port"),
        Path.of(c.getString("data-dir")),
        c.getInt("io-threads"),
        new ServerConfig.Tls(
            optionalPath(tls.getString("cert-file")),
            optionalPath(tls.getString("key-file")),
            tls.getStringList("protocols")),
        new ServerConfig.Limits(
            limits.getInt("max-frame-bytes"),
            limits.getInt("max-body-bytes"),
            limits.getDuration("max-ttl"),
            limits.getInt("max-in-flight-sends"),
            limits.getInt("write-buffer-high-bytes"),
            limits.getInt("write-buffer-low-bytes"),
            limits.getInt("max-group-members"),
            limits.getInt("max-e2e-group-members")),
        new ServerConfig.Timeouts(
            timeouts.getDuration("handshake"),
            timeouts.getDuration("idle"),
            timeouts.getDuration("ping-interval"),
            timeouts.getDuration("write-stall"),
            timeouts.getDuration("shutdown-grace")),
        new ServerConfig.Delivery(delivery.getInt("window"), delivery.getInt("page-size"),
            delivery.getDuration("group-cursor-persist-interval")),
        new ServerConfig.Storage(
            storage.getString("sync"),
            storage.getInt("commit-queue-capacity"),
            storage.getInt("max-batch-size"),
            storage.getDuration("dedup-window"),
            storage.getDuration("sweep-interval")),
        new ServerConfig.Sync(
            c.getInt("sync.max-group-catch-up"), c.getInt("sync.snapshot-seqs"), c.getInt("sync.max-page-entries"),
            c.getInt("sync.history-page-size")),
        new ServerConfig.Receipts(c.getInt("receipts.max-group-members")),
        new ServerConfig.Presence(
            c.getInt("presence.max-subscriptions"),
            c.getInt("presence.max-contacts"),
            c.getInt("presence.last-seen-capacity"),
            c.getDuration("presence.notice-interval")),
        new ServerConfig.Operations(
            optionalPath(admin.getString("socket")),
            admin.getString("tcp-host"),
            admin.getInt("tcp-port"),
            optionalPath(admin.getString("token-file")),
            metrics.getBoolean("enabled"),
            metrics.getString("host"),
            metrics.getInt("port")),
        AdmissionConfig.from(c.getConfig("admission")));
  }

  private static Optional<Path> optionalPath(String value) {
    return value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
  }
}
