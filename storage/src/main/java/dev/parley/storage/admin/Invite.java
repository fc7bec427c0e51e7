package dev.parley.storage.admin;

import java.util.regex.Pattern;

/**
 * An invite code that lets {@code usesLeft} more people register while registration is by invite.
 * {@code expiresAtMs} 0 means it never expires.
 */
public record Invite(String code, int usesLeft, long createdAtMs, long expiresAtMs) {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{8,64}");

  public Invite {
    if (!validCode(code)) throw new IllegalArgumentException("invite code must be 8-64 of A-Z a-z 0-9 _ -");
    if (usesLeft < 0) throw new IllegalArgumentException("usesLeft < 0");
    if (expiresAtMs < 0) throw new IllegalArgumentException("expiresAtMs < 0");
  }

  public static boolean validCode(String code) {
    return code != null && VALID.matcher(code).matches();
  }

  /** True when it can still admit someone at {@code nowMs}. */
  public boolean usableAt(long nowMs) {
    return usesLeft > 0 && (expiresAtMs == 0 || nowMs < expiresAtMs);
  }
}
