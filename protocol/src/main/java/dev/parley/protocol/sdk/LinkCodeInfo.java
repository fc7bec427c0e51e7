package dev.parley.protocol.sdk;

/** A one-time code that lets a new device join this account, valid until {@code expiresAtMs}. */
public record LinkCodeInfo(String code, long expiresAtMs) {}
