package dev.parley.protocol.sdk;

import com.google.protobuf.ByteString;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who sent the 1:1 messages this device received lately, and when (server time), by client message
 * id: what an edit or delete is checked against, since the server cannot look inside 1:1 messages.
 * In memory and bounded (the oldest are forgotten first), so it is empty after a restart. Confined to
 * the client's event loop.
 */
final class RecentMessages {
  static final int CAPACITY = 10_000;

  record Seen(long senderUserId, long serverTimeMs) {}

  private final Map<ByteString, Seen> seen = new LinkedHashMap<>(256, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ByteString, Seen> eldest) {
      return size() > CAPACITY;
    }
  };

  void remember(byte[] clientMsgId, long senderUserId, long serverTimeMs) {
    seen.put(ByteString.copyFrom(clientMsgId), new Seen(senderUserId, serverTimeMs));
  }

  Optional<Seen> find(byte[] clientMsgId) {
    return Optional.ofNullable(seen.get(ByteString.copyFrom(clientMsgId)));
  }

  void forget(byte[] clientMsgId) {
    seen.remove(ByteString.copyFrom(clientMsgId));
  }
}
