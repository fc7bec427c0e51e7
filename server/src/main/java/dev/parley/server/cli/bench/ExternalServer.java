package dev.parley.server.cli.bench;

import dev.parley.crypto.tls.CertificateFingerprint;
import dev.parley.protocol.sdk.ServerAddress;
import java.util.OptionalLong;

/** A server someone else started; the bench neither starts nor stops it. */
record ExternalServer(ServerAddress address, CertificateFingerprint fingerprint, OptionalLong pid)
    implements TargetServer {

  @Override
  public String description() {
    return "external server at " + address + (pid.isPresent() ? " (pid " + pid.getAsLong() + ")" : " (no --server-pid: server CPU not measured)");
  }

  @Override
  public void close() {}
}
