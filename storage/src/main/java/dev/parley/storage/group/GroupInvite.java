package dev.parley.storage.group;

import dev.parley.storage.account.UserId;
import java.util.Objects;

/**
 * An invite link's code: whoever holds it may join the group as a member until it expires or is
 * revoked. {@code expiresAtMs} 0 means it does not expire.
 */
public record GroupInvite(String code, GroupId group, UserId createdBy, long createdAtMs, long expiresAtMs) {
  public GroupInvite {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(createdBy, "createdBy");
  }

  public boolean expiredAt(long nowMs) {
    return expiresAtMs != 0 && nowMs >= expiresAtMs;
  }
}
