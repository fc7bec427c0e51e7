package dev.parley.server.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.sdk.InboundMessage;
import java.nio.charset.StandardCharsets;
import dev.parley.protocol.sdk.MessageDelete;
import dev.parley.protocol.sdk.MessageEdit;
import dev.parley.protocol.sdk.MessageReaction;
import dev.parley.protocol.sdk.MessageTarget;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Messages as the one-line JSON objects {@code receive} prints. */
final class JsonLines {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  private JsonLines() {}

  /** A group or channel post: the same keys as a 1:1 message plus "group" or "channel". */
  static String message(dev.parley.protocol.sdk.GroupMessage m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", m.serverMsgId());
    out.put("from", m.senderUsername());
    out.put("text", new String(m.body(), StandardCharsets.UTF_8));
    out.put("sent_at", Instant.ofEpochMilli(m.sentAtMs()).toString());
    out.put(m.channel() ? "channel" : "group", m.groupName());
    out.put("seq", m.seq());
    if (m.expiresAtMs() != 0) out.put("expires_at", Instant.ofEpochMilli(m.expiresAtMs()).toString());
    if (m.edited()) out.put("edited", true);
    if (m.viewOnce()) out.put("view_once", true);
    return write(out);
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
      out.put("ids", r.clientMsgIds().stream().map(HEX::formatHex).toList());
    }
    out.put("at", Instant.ofEpochMilli(r.sentAtMs()).toString());
    return write(out);
  }

  static String message(InboundMessage m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", m.serverMsgId());
    out.put("from", m.senderUsername());
    // A copy of what this account sent from another of its devices names the conversation.
    if (m.sentByThisAccount()) out.put("to_user_id", m.recipientUserId());
    out.put("text", new String(m.body(), StandardCharsets.UTF_8));
    out.put("sent_at", Instant.ofEpochMilli(m.sentAtMs()).toString());
    out.put("msg_id", HEX.formatHex(m.clientMsgId()));
    if (m.expiresAtMs() != 0) out.put("expires_at", Instant.ofEpochMilli(m.expiresAtMs()).toString());
    if (m.viewOnce()) out.put("view_once", true);
    return write(out);
  }

  /** An edit: {"event":"edit","from":...,"msg_id" or "group"+"seq":...,"text":...,"sent_at":...}. */
  static String edit(MessageEdit e) {
    return write(editFields(e));
  }

  static Map<String, Object> editFields(MessageEdit e) {
    Map<String, Object> out = event("edit", e.senderUsername(), e.target(), e.groupName());
    out.put("text", new String(e.body(), StandardCharsets.UTF_8));
    out.put("sent_at", Instant.ofEpochMilli(e.editedAtMs()).toString());
    // This process did not see the original (each command is a new process): check it yourself.
    if (!e.checked()) out.put("checked", false);
    return out;
  }

  static String delete(MessageDelete d) {
    return write(deleteFields(d));
  }

  static Map<String, Object> deleteFields(MessageDelete d) {
    Map<String, Object> out = event("delete", d.senderUsername(), d.target(), d.groupName());
    out.put("sent_at", Instant.ofEpochMilli(d.deletedAtMs()).toString());
    if (!d.checked()) out.put("checked", false);
    return out;
  }

  static String reaction(MessageReaction r) {
    return write(reactionFields(r));
  }

  static Map<String, Object> reactionFields(MessageReaction r) {
    Map<String, Object> out = event("reaction", r.senderUsername(), r.target(), r.groupName());
    out.put("emoji", r.emoji());
    if (r.removed()) out.put("removed", true);
    out.put("sent_at", Instant.ofEpochMilli(r.sentAtMs()).toString());
    return out;
  }

  /** A conversation timer change: {"event":"timer","from":...,"ttl_seconds":...,"sent_at":...}. */
  static String timer(dev.parley.protocol.sdk.ConversationTimerChange c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("event", "timer");
    out.put("from", c.byUsername());
    out.put("ttl_seconds", c.ttl().toSeconds());
    out.put("sent_at", Instant.ofEpochMilli(c.setAtMs()).toString());
    return write(out);
  }

  /** An operator's notice: {"event":"notice","text":...,"sent_at":...}. */
  static String notice(String text, long sentAtMs) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("event", "notice");
    out.put("text", text);
    out.put("sent_at", Instant.ofEpochMilli(sentAtMs).toString());
    return write(out);
  }

  /**
   * A group change: {"event":"group_updated","group" or "channel":NAME,"group_id":...,"change":
   * "renamed"|"settings_changed"|"role_changed"|"owner_changed"|"members_added"|"member_removed"|
   * "member_left","by":USER}, plus "previous_name" (renamed), "admins_only_posting" and
   * "ttl_seconds" (settings_changed), and "members":[{"username":...,"role":...}] for the others
   * (no "role" for one who is no longer a member), with "more_members" when not all are listed.
   */
  static String groupUpdated(dev.parley.protocol.sdk.GroupUpdate u) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("event", "group_updated");
    out.put(u.channel() ? "channel" : "group", u.name());
    out.put("group_id", u.groupId());
    out.put("change", u.change().name().toLowerCase(java.util.Locale.ROOT));
    out.put("by", u.byUsername());
    switch (u.change()) {
      case RENAMED -> out.put("previous_name", u.previousName());
      case SETTINGS_CHANGED -> {
        out.put("admins_only_posting", u.onlyAdminsPost());
        out.put("ttl_seconds", u.messageTtl().toSeconds());
      }
      default -> {
        java.util.List<Map<String, Object>> members = new java.util.ArrayList<>();
        for (var m : u.members()) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("username", m.username());
          if (!m.role().isEmpty()) row.put("role", m.role().toLowerCase(java.util.Locale.ROOT));
          members.add(row);
        }
        out.put("members", members);
        if (u.moreMembers() > 0) out.put("more_members", u.moreMembers());
      }
    }
    return write(out);
  }

  /** A group change in words, for {@code chat}. */
  static String describe(dev.parley.protocol.sdk.GroupUpdate u) {
    String who = u.members().stream().map(dev.parley.protocol.sdk.GroupMember::username)
        .collect(java.util.stream.Collectors.joining(", "))
        + (u.moreMembers() > 0 ? " and " + u.moreMembers() + " more" : "");
    return switch (u.change()) {
      case RENAMED -> u.byUsername() + " renamed " + u.previousName() + " to " + u.name();
      case SETTINGS_CHANGED -> u.byUsername() + " changed the settings: "
          + (u.onlyAdminsPost() ? "only admins post" : "everyone posts")
          + (u.messageTtl().isZero() ? ", no timer" : ", messages disappear after " + u.messageTtl().toSeconds() + " s");
      case ROLE_CHANGED -> u.byUsername() + " made " + who + " "
          + (u.members().isEmpty() ? "" : u.members().get(0).role().toLowerCase(java.util.Locale.ROOT));
      case OWNER_CHANGED -> (u.members().isEmpty() ? "someone" : u.members().get(0).username()) + " owns it now";
      case MEMBERS_ADDED -> u.members().size() == 1 && u.members().get(0).userId() == u.byUserId()
          ? u.byUsername() + " joined" : u.byUsername() + " added " + who;
      case MEMBER_REMOVED -> u.byUsername() + " removed " + who;
      case MEMBER_LEFT -> u.byUsername() + " left";
      case OTHER -> "changed by " + u.byUsername();
    };
  }

  /** Parses a MSG_ID argument: the 32 hex digits {@code receive} and {@code send} print. */
  static byte[] msgId(String hex) {
    if (hex.length() != 32) throw new IllegalArgumentException("a message id is 32 hex digits, as receive prints it");
    return HEX.parseHex(hex);
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  private static Map<String, Object> event(String kind, String from, MessageTarget target, String groupName) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("event", kind);
    out.put("from", from);
    if (target.groupId() != 0) {
      out.put("group", groupName);
      out.put("seq", target.seq());
    } else {
      out.put("msg_id", HEX.formatHex(target.clientMsgId()));
    }
    return out;
  }

  static String write(Map<String, Object> out) {
    try {
      return JSON.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
