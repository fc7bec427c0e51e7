package dev.parley.protocol.sdk;

import java.util.List;

/**
 * A page of a group's older history ({@link ParleyClient#history}): {@code entries} oldest first,
 * all below the asked seq. {@code more} is true when older readable entries exist: ask again with
 * {@code beforeSeq = nextBeforeSeq} (the lowest seq the server sent in this page; 0 when it sent
 * none). A member reads back to the point it joined, never before.
 */
public record HistoryPage(long groupId, List<HistoryEntry> entries, boolean more, long nextBeforeSeq) {
  public HistoryPage {
    entries = List.copyOf(entries);
  }
}
