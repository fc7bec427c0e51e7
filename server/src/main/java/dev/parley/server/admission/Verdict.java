package dev.parley.server.admission;

import dev.parley.server.refusal.Refusal;

/** Whether a request may go ahead. Expected outcomes are values, not exceptions. */
public sealed interface Verdict {
  Admitted ADMITTED = new Admitted();

  record Admitted() implements Verdict {}

  /** Refused with RETRY_LATER; {@code limit} names what refused it, for logs and metrics. */
  record Refused(String limit, Refusal refusal) implements Verdict {}
}
