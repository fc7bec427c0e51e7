package dev.parley.server.messaging;

import dev.parley.server.refusal.Refusal;
import dev.parley.storage.inbox.StoredMessage;

/** How a send ended: durably stored (and acknowledgeable), or refused. */
public sealed interface SendOutcome {
  record Stored(StoredMessage message) implements SendOutcome {}

  record Rejected(Refusal refusal) implements SendOutcome {}
}
