package dev.parley.storage.prekey;

/** How many prekeys a device has left, and whether its long-lived ones are in place. */
public record PrekeyCounts(int oneTimePrekeys, int kemPrekeys, boolean complete) {}
