package dev.parley.server.account;

import dev.parley.server.refusal.Refusal;

/** How a registration or login ended. Expected refusals are values, not exceptions. */
public sealed interface AuthOutcome {
  record Authenticated(AuthenticatedDevice device, boolean registered) implements AuthOutcome {}

  /** Refused; {@code closeConnection} for refusals that end the connection (failed proofs). */
  record Refused(Refusal refusal, boolean closeConnection) implements AuthOutcome {}
}
