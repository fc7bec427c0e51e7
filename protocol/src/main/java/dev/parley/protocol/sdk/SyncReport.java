package dev.parley.protocol.sdk;

/**
 * What one {@link ParleyClient#sync()} did: how many conversations it caught up, how many Sync
 * pages it read, how many entries those pages handed to the application (repeats of what the
 * application already had are not counted) and how many groups it reported as {@link SyncGap}s.
 * Gap fills that ran at the same time on the same connection are counted too.
 */
public record SyncReport(int conversations, int pages, int entries, int gaps) {}
