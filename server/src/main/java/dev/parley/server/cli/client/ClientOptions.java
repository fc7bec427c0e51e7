package dev.parley.server.cli.client;

import ch.qos.logback.classic.Level;
import dev.parley.crypto.tls.CertificateFingerprint;
import dev.parley.protocol.sdk.ServerAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every client command shares; accepted before or after the subcommand name. */
final class ClientOptions {
  static final int DEFAULT_PORT = 7420;

  @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT",
      description = "Server to talk to (default: the one this home registered with, else localhost:7420).")
  String server;

  @Option(names = "--home", scope = ScopeType.INHERIT, paramLabel = "DIR",
      description = "Client home with the device key (default $PARLEY_HOME, else ~/.parley).")
  Path home;

  @Option(names = "--trust-fingerprint", scope = ScopeType.INHERIT, paramLabel = "SHA256",
      description = "Pin this server certificate fingerprint instead of trusting on first use.")
  String trustFingerprint;

  ClientHome clientHome() {
    quietLogs();
    if (home != null) return new ClientHome(home);
    String env = System.getenv("PARLEY_HOME");
    if (env != null && !env.isBlank()) return new ClientHome(Path.of(env));
    return new ClientHome(Path.of(System.getProperty("user.home"), ".parley"));
  }

  ServerAddress serverAddress(ClientHome h) {
    if (server != null) return ServerAddress.parse(server, DEFAULT_PORT);
    return h.account()
        .map(a -> ServerAddress.parse(a.server(), DEFAULT_PORT))
        .orElse(new ServerAddress("localhost", DEFAULT_PORT));
  }

  Optional<CertificateFingerprint> pinnedFingerprint() {
    return Optional.ofNullable(trustFingerprint).map(CertificateFingerprint::parse);
  }

  /** The client commands print their own results; library chatter would only get in the way. */
  private static void quietLogs() {
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(Level.WARN);
    }
  }
}
