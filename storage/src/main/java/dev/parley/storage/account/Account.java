package dev.parley.storage.account;

/** A registered user. */
public record Account(UserId id, Username username, long createdAtMs, boolean disabled) {}
