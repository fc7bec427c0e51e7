package dev.parley.storage.group;

import dev.parley.storage.account.UserId;

/** A group or channel. */
public record Group(
    GroupId id, GroupKind kind, GroupName name, long createdAtMs, UserId owner, GroupSettings settings) {}
