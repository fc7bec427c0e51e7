package dev.parley.protocol.sdk;

import dev.parley.protocol.v1.InviteLink;

/**
 * An invite link to a group or channel.
 *
 * @param code the invite code
 * @param link the link to share ({@code parley://join/} + code)
 * @param groupId the group it joins
 * @param expiresAtMs when it stops working (epoch milliseconds), 0 if never
 */
public record GroupInviteInfo(String code, String link, long groupId, long expiresAtMs) {
  static GroupInviteInfo of(InviteLink l) {
    return new GroupInviteInfo(l.getCode(), l.getLink(), l.getGroupId(), l.getExpiresAtMs());
  }
}
