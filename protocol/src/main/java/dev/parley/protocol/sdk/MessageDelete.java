package dev.parley.protocol.sdk;

/**
 * {@code target} was deleted for everyone by {@code senderUserId} at {@code deletedAtMs} (server
 * time): forget it. For a group post the server checked that the deleter was its author or an admin
 * ({@code checked} true). For a 1:1 message only its author may: when this SDK saw the target it
 * checked that ({@code checked} true); otherwise the application deletes only a message of {@code
 * senderUserId}.
 */
public record MessageDelete(
    MessageTarget target, long senderUserId, String senderUsername, String groupName, long deletedAtMs, boolean checked) {}
