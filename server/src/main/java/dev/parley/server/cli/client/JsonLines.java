package dev.parley.server.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.sdk.InboundMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Messages as the one-line JSON objects {@code receive} prints. */
final class JsonLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLines() {}

  /** A group or channel post: the same keys as a 1:1 message plus "group" or "channel". */
  static String message(dev.parley.protocol.sdk.GroupMessage m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", m.serverMsgId());
    out.put("from", m.senderUsername());
    out.put("text", new String(m.body(), StandardCharsets.UTF_8));
    out.put("sent_at", Instant.ofEpochMilli(m.sentAtMs()).toString());
    out.put(m.channel() ? "channel" : "group", m.groupName());
    if (m.expiresAtMs() != 0) out.put("expires_at", Instant.ofEpochMilli(m.expiresAtMs()).toString());
    try {
      return JSON.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String message(InboundMessage m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", m.serverMsgId());
    out.put("from", m.senderUsername());
    // A copy of what this account sent from another of its devices names the conversation.
    if (m.sentByThisAccount()) out.put("to_user_id", m.recipientUserId());
    out.put("text", new String(m.body(), StandardCharsets.UTF_8));
    out.put("sent_at", Instant.ofEpochMilli(m.sentAtMs()).toString());
    if (m.expiresAtMs() != 0) out.put("expires_at", Instant.ofEpochMilli(m.expiresAtMs()).toString());
    try {
      return JSON.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
