package dev.parley.protocol.sdk;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Decides whether a group's posts get receipts: only in groups (never channels) with at most the
 * server's announced number of members (Limits.max_receipt_group_members). Member counts come from
 * the server's group list, cached for {@link #FRESH_MS} and fetched again (one request at a time) for
 * a group not in the cache or cached too long ago, or whose membership changed since ({@link
 * #changed}). Confined to the client's event loop.
 */
final class GroupReceiptGate {
  static final long FRESH_MS = 300_000;

  private record Info(boolean channel, int members, long fetchedAtMs) {}

  private final Map<Long, Info> known = new HashMap<>();
  /** Groups whose membership changed while a refresh was in flight: its answer may predate the change. */
  private final Set<Long> changedDuringRefresh = new HashSet<>();
  private final Supplier<CompletableFuture<List<GroupSummary>>> listGroups;
  private final IntSupplier limit;
  private final Clock clock;
  private CompletableFuture<Void> refreshing;

  GroupReceiptGate(Supplier<CompletableFuture<List<GroupSummary>>> listGroups, IntSupplier limit, Clock clock) {
    this.listGroups = listGroups;
    this.limit = limit;
    this.clock = clock;
  }

  /** Completes with whether posts of {@code groupId} get receipts; false when that cannot be known. */
  CompletableFuture<Boolean> allows(long groupId) {
    if (limit.getAsInt() <= 0) return CompletableFuture.completedFuture(false);
    Info i = known.get(groupId);
    if (i != null && clock.millis() - i.fetchedAtMs() < FRESH_MS) return CompletableFuture.completedFuture(allowed(i));
    return refresh().handle((ok, err) -> {
      Info now = known.get(groupId);
      return err == null && now != null && allowed(now);
    });
  }

  /**
   * A pushed {@code GroupUpdated}: after a change of membership the cached count is wrong, so the next
   * decision about the group asks the server again. Of a refresh already in flight, whose answer may
   * predate the change, what it says about the group serves the receipts waiting on it and is stale
   * at once.
   */
  void changed(GroupUpdate update) {
    switch (update.change()) {
      case MEMBERS_ADDED, MEMBER_REMOVED, MEMBER_LEFT, OTHER -> {
        known.remove(update.groupId());
        if (refreshing != null) changedDuringRefresh.add(update.groupId());
      }
      case RENAMED, SETTINGS_CHANGED, ROLE_CHANGED, OWNER_CHANGED -> {
        // The kind and the member count stay (an owner who goes is also a MEMBER_LEFT or MEMBER_REMOVED).
      }
    }
  }

  private boolean allowed(Info i) {
    return !i.channel() && i.members() <= limit.getAsInt();
  }

  private CompletableFuture<Void> refresh() {
    if (refreshing != null) return refreshing;
    CompletableFuture<Void> r = listGroups.get().thenAccept(groups -> {
      long now = clock.millis();
      known.clear();
      for (GroupSummary g : groups) {
        long fetchedAtMs = changedDuringRefresh.contains(g.groupId()) ? now - FRESH_MS : now;
        known.put(g.groupId(), new Info(g.channel(), g.memberCount(), fetchedAtMs));
      }
    });
    refreshing = r;
    r.whenComplete((ok, err) -> {
      refreshing = null;
      changedDuringRefresh.clear();
    });
    return r;
  }
}
