package dev.parley.server.admin;

import dev.parley.server.router.DeviceSession;
import dev.parley.storage.account.Account;
import dev.parley.storage.account.Device;
import dev.parley.storage.admin.Invite;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.Membership;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Stored values as the JSON documents the admin commands answer with: stable field names, no secrets. */
final class Views {
  private Views() {}

  static Map<String, Object> account(Account a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id().value());
    m.put("username", a.username().value());
    m.put("created_at", time(a.createdAtMs()));
    m.put("disabled", a.disabled());
    return m;
  }

  static Map<String, Object> device(Device d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id().value());
    m.put("user_id", d.user().value());
    m.put("name", d.name());
    m.put("created_at", time(d.createdAtMs()));
    // The public key, so an operator can compare it with what the user's device shows.
    m.put("identity_key", HexFormat.of().formatHex(d.identityKey()));
    return m;
  }

  static Map<String, Object> session(DeviceSession s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user_id", s.user().value());
    m.put("device_id", s.device().value());
    return m;
  }

  static Map<String, Object> group(Group g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", g.id().value());
    m.put("name", g.name().value());
    m.put("kind", g.kind().name().toLowerCase(java.util.Locale.ROOT));
    m.put("owner_id", g.owner().value());
    m.put("created_at", time(g.createdAtMs()));
    m.put("only_admins_post", g.settings().onlyAdminsPost());
    m.put("message_ttl_seconds", g.settings().messageTtlSeconds());
    return m;
  }

  static Map<String, Object> membership(Membership ms) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("group_id", ms.group().value());
    m.put("user_id", ms.user().value());
    m.put("role", ms.role().name().toLowerCase(java.util.Locale.ROOT));
    m.put("joined_at", time(ms.joinedAtMs()));
    return m;
  }

  static Map<String, Object> invite(Invite i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", i.code());
    m.put("uses_left", i.usesLeft());
    m.put("created_at", time(i.createdAtMs()));
    m.put("expires_at", i.expiresAtMs() == 0 ? null : time(i.expiresAtMs()));
    return m;
  }

  static String time(long epochMs) {
    return Instant.ofEpochMilli(epochMs).toString();
  }
}
