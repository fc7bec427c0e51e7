package dev.parley.storage.inbox;

import java.util.List;

/**
 * The durable result of {@link InboxStore#append}. For a retry of an already stored message
 * ({@code duplicate}), the ids and time are the original ones and {@code appended} is empty.
 */
public record StoredMessage(long serverMsgId, long serverTimeMs, boolean duplicate, List<InboxEntry> appended) {
  public StoredMessage {
    appended = List.copyOf(appended);
  }
}
