package dev.parley.protocol.sdk;

/** {@code senderUserId} reacted to {@code target} with {@code emoji}, or took that reaction back ({@code removed}). */
public record MessageReaction(
    MessageTarget target, long senderUserId, String senderUsername, String groupName, String emoji, boolean removed,
    long sentAtMs) {}
