package dev.parley.protocol.sdk;

/** Who this client is logged in as. */
public record AccountInfo(long userId, long deviceId, String username, String deviceName, long registeredAtMs) {}
