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

  /**
   * {"receipt":"delivered"|"read","from":USER,"ids":[hex client msg ids]} for 1:1 messages, or with
   * "group_id" and "seqs" for posts; "own_device":true for a read receipt from this account's other device.
   */
  static String receipt(dev.parley.protocol.sdk.Receipt r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("receipt", r.kind().name().toLowerCase(java.util.Locale.ROOT));
    out.put("from", r.fromUsername());
    if (r.fromThisAccount()) out.put("own_device", true);
    if (r.groupId() != 0) {
      out.put("group_id", r.groupId());
      out.put("seqs", r.groupSeqs());
    } else {
      out.put("ids", r.clientMsgIds().stream().map(java.util.HexFormat.of()::formatHex).toList());
    }
    out.put("at", Instant.ofEpochMilli(r.sentAtMs()).toString());
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
