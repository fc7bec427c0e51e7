package dev.parley.server.account;

import dev.parley.server.refusal.Refusal;

/** How a registration or login ended. Expected refusals are values, not exceptions. */
public sealed interface AuthOutcome {
  /** {@code resumed}: logged in with a resumption token rather than a signature. */
  record Authenticated(AuthenticatedDevice device, boolean registered, boolean resumed) implements AuthOutcome {
    public Authenticated(AuthenticatedDevice device, boolean registered) {
      this(device, registered, false);
    }
  }

  /** Refused; {@code closeConnection} for refusals that end the connection (failed proofs). */
  record Refused(Refusal refusal, boolean closeConnection) implements AuthOutcome {}
}
