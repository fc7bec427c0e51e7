package dev.parley.storage.rocks;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.parley.storage.admin.Invite;
import dev.parley.storage.rocks.disk.InviteRecord;
import java.nio.charset.StandardCharsets;

/** Invites and settings in the meta family: keys "invite/" + code and "setting/" + name. */
final class InviteRecords {
  static final byte[] INVITE_PREFIX = "invite/".getBytes(StandardCharsets.UTF_8);
  private static final String SETTING_PREFIX = "setting/";

  private InviteRecords() {}

  static byte[] key(String code) {
    return Keys.meta("invite/" + code);
  }

  static String code(byte[] key) {
    return new String(key, INVITE_PREFIX.length, key.length - INVITE_PREFIX.length, StandardCharsets.UTF_8);
  }

  static byte[] settingKey(String name) {
    return Keys.meta(SETTING_PREFIX + name);
  }

  static byte[] encode(Invite invite) {
    return InviteRecord.newBuilder()
        .setUsesLeft(invite.usesLeft())
        .setCreatedAtMs(invite.createdAtMs())
        .setExpiresAtMs(invite.expiresAtMs())
        .build()
        .toByteArray();
  }

  static Invite decode(String code, byte[] bytes) {
    try {
      InviteRecord r = InviteRecord.parseFrom(bytes);
      return new Invite(code, r.getUsesLeft(), r.getCreatedAtMs(), r.getExpiresAtMs());
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw Records.corrupt("invite", e);
    }
  }
}
