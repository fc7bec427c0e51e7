package dev.parley.protocol.sdk;

/** Someone is (or stopped) typing: to this user ({@code groupId} 0) or in one of its groups. */
public record TypingEvent(long userId, String username, long groupId, boolean typing) {}
