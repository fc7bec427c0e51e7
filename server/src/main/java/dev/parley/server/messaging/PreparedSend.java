package dev.parley.server.messaging;

import dev.parley.server.refusal.Refusal;
import dev.parley.storage.inbox.OutgoingMessage;

/** A send after validation and recipient lookup: ready to store, or refused. */
public sealed interface PreparedSend {
  record Ready(OutgoingMessage message) implements PreparedSend {}

  record Refused(Refusal refusal) implements PreparedSend {}
}
