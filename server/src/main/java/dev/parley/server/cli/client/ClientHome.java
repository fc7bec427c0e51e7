package dev.parley.server.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.tls.CertificateFingerprint;
import dev.parley.protocol.sdk.CryptoStore;
import dev.parley.protocol.sdk.DeliveryCursor;
import dev.parley.protocol.sdk.GroupCursors;
import dev.parley.protocol.sdk.ServerAddress;
import dev.parley.protocol.sdk.ServerTrust;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A client's home directory: the device's identity key, the account it registered, the pinned server
 * fingerprints and the delivery cursor. Every file is written atomically (temp file + rename), and
 * the identity key is readable by the owner only. Public for {@code parley bench group-start}, which
 * keeps a poster's end-to-end state in the same store so that saving it costs what it costs a real
 * client.
 */
public final class ClientHome {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  public ClientHome(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** A saved registration: which server, and who this device is there. */
  record SavedAccount(String server, long userId, long deviceId, String username) {}

  Optional<SavedAccount> account() {
    Path file = dir.resolve("account.json");
    if (!Files.exists(file)) return Optional.empty();
    try {
      JsonNode n = JSON.readTree(file.toFile());
      return Optional.of(
          new SavedAccount(
              n.path("server").asText(), n.path("user_id").asLong(), n.path("device_id").asLong(), n.path("username").asText()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  void saveAccount(SavedAccount a) {
    ObjectNode n = JSON.createObjectNode();
    n.put("server", a.server()).put("user_id", a.userId()).put("device_id", a.deviceId()).put("username", a.username());
    write(dir.resolve("account.json"), n.toPrettyString(), false);
  }

  /** The device key, created on first use. */
  IdentityKeyPair identity() {
    Path file = dir.resolve("identity.key");
    try {
      if (Files.exists(file)) {
        return IdentityKeyPair.fromPrivateKey(HexFormat.of().parseHex(Files.readString(file).strip()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    IdentityKeyPair created = IdentityKeyPair.generate(new SecureRandom());
    write(file, HexFormat.of().formatHex(created.privateKeyBytes()) + "\n", true);
    return created;
  }

  /** Trust for {@code server}: the explicit fingerprint if given (and remembered), else trust on first use. */
  ServerTrust trust(ServerAddress server, Optional<CertificateFingerprint> explicit, Runnable onFirstPin) {
    Path file = dir.resolve("trust").resolve(server.host().replace(':', '_') + "_" + server.port() + ".sha256");
    ServerTrust.FingerprintStore store =
        new ServerTrust.FingerprintStore() {
          @Override
          public Optional<CertificateFingerprint> load() {
            try {
              return Files.exists(file)
                  ? Optional.of(CertificateFingerprint.parse(Files.readString(file).strip()))
                  : Optional.empty();
            } catch (IOException e) {
              throw new UncheckedIOException("cannot read " + file, e);
            }
          }

          @Override
          public void pin(CertificateFingerprint fingerprint) {
            write(file, fingerprint.toHex() + "\n", false);
            onFirstPin.run();
          }
        };
    if (explicit.isPresent()) {
      write(file, explicit.get().toHex() + "\n", false);
      return ServerTrust.pinned(explicit.get());
    }
    return ServerTrust.trustOnFirstUse(store);
  }

  /**
   * The device's end-to-end state (keys, prekeys, sessions), secret like the identity key, in the
   * file {@code e2e-state}: every save writes a temp file, forces it to disk and renames it over the
   * old one. Called on the client's event loop.
   */
  public CryptoStore cryptoStore() {
    Path file = dir.resolve("e2e-state");
    return new CryptoStore() {
      @Override
      public Optional<byte[]> load() {
        try {
          return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + file, e);
        }
      }

      @Override
      public void save(byte[] state) {
        writeBytes(file, state, true);
      }
    };
  }

  /** Per group, what this device already printed, so a post reaches this home once. */
  GroupCursors groupCursors(long deviceId) {
    return new GroupCursors() {
      @Override
      public long load(long groupId) {
        return cursor(deviceId, "g" + groupId).load();
      }

      @Override
      public void store(long groupId, long seq) {
        cursor(deviceId, "g" + groupId).store(seq);
      }
    };
  }

  /** The delivery cursor of one device, persisted so a message reaches this home once. */
  DeliveryCursor cursor(long deviceId) {
    return cursor(deviceId, "");
  }

  private DeliveryCursor cursor(long deviceId, String suffix) {
    Path file = dir.resolve("cursor-" + deviceId + (suffix.isEmpty() ? "" : "-" + suffix));
    return new DeliveryCursor() {
      private long value = -1;

      @Override
      public long load() {
        if (value < 0) {
          try {
            value = Files.exists(file) ? Long.parseLong(Files.readString(file).strip()) : 0;
          } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read " + file, e);
          }
        }
        return value;
      }

      @Override
      public void store(long seq) {
        if (seq <= load()) return;
        value = seq;
        write(file, seq + "\n", false);
      }
    };
  }

  private void write(Path file, String content, boolean ownerOnly) {
    writeBytes(file, content.getBytes(StandardCharsets.UTF_8), ownerOnly);
  }

  private void writeBytes(Path file, byte[] content, boolean ownerOnly) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      if (ownerOnly) Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      Files.write(tmp, content);
      // On disk before the rename, so a power cut leaves the old file or the whole new one.
      try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
