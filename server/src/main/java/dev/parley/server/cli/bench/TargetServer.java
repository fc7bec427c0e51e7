package dev.parley.server.cli.bench;

import dev.parley.crypto.tls.CertificateFingerprint;
import dev.parley.protocol.sdk.ServerAddress;
import java.util.OptionalLong;

/**
 * The server under load: one started elsewhere ({@code --server}), a child {@code parley serve}
 * process (the default: its CPU and memory are its own in /proc), or one inside the bench's JVM
 * ({@code --in-process}: quick, but its CPU cannot be told apart from the load generator's).
 */
interface TargetServer extends AutoCloseable {
  ServerAddress address();

  CertificateFingerprint fingerprint();

  /** The server's process id, when /proc accounting can single it out. */
  OptionalLong pid();

  /** How the server was started, for the report. */
  String description();

  @Override
  void close();
}
