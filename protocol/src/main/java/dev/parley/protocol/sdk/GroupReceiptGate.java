package dev.parley.protocol.sdk;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Decides whether a group's posts get receipts: only in groups (never channels) with at most the
 * server's announced number of members (Limits.max_receipt_group_members). Member counts come from
 * the server's group list, cached for {@link #FRESH_MS} and fetched again (one request at a time) for
 * a group not in the cache or cached too long ago. Confined to the client's event loop.
 */
final class GroupReceiptGate {
  static final long FRESH_MS = 300_000;

  private record Info(boolean channel, int members, long fetchedAtMs) {}

  private final Map<Long, Info> known = new HashMap<>();
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

  private boolean allowed(Info i) {
    return !i.channel() && i.members() <= limit.getAsInt();
  }

  private CompletableFuture<Void> refresh() {
    if (refreshing != null) return refreshing;
    CompletableFuture<Void> r = listGroups.get().thenAccept(groups -> {
      long now = clock.millis();
      known.clear();
      for (GroupSummary g : groups) known.put(g.groupId(), new Info(g.channel(), g.memberCount(), now));
    });
    refreshing = r;
    r.whenComplete((ok, err) -> refreshing = null);
    return r;
  }
}
