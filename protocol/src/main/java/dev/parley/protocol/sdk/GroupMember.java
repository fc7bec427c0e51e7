package dev.parley.protocol.sdk;

/** One member of a group. */
public record GroupMember(long userId, String username, String role) {}
