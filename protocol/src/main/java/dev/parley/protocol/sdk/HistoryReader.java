package dev.parley.protocol.sdk;

import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.GetHistory;
import dev.parley.protocol.v1.GroupDeliver;
import dev.parley.protocol.v1.GroupEnvelope;
import dev.parley.protocol.v1.ServerFrame;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Fetches and opens one page of a group's older history ({@code GetHistory}). Posts are opened as
 * live ones are ({@link GroupPostOpener}), but nothing is kept: the sender-key state is decrypted on
 * a copy that is never committed, no cursor moves, nothing is acknowledged and the listener is not
 * called, so history never changes what the live delivery hands over. A signed post whose signer
 * this device does not know yet is opened again once the signer's devices were fetched. Opening runs
 * on the client's event loop ({@code loop}); the returned future completes there.
 */
final class HistoryReader {
  private final Function<ClientFrame.Builder, CompletableFuture<ServerFrame>> request;
  private final GroupPostOpener opener;
  private final DeviceDirectory directory;
  private final Clock clock;
  private final Executor loop;

  HistoryReader(
      Function<ClientFrame.Builder, CompletableFuture<ServerFrame>> request, GroupPostOpener opener,
      DeviceDirectory directory, Clock clock, Executor loop) {
    this.request = request;
    this.opener = opener;
    this.directory = directory;
    this.clock = clock;
    this.loop = loop;
  }

  CompletableFuture<HistoryPage> page(long groupId, long beforeSeq, int limit) {
    GetHistory.Builder ask = GetHistory.newBuilder().setGroupId(groupId).setBeforeSeq(beforeSeq).setLimit(limit);
    return request.apply(ClientFrame.newBuilder().setGetHistory(ask))
        .thenComposeAsync(f -> open(f.getHistoryPage()), loop);
  }

  private CompletableFuture<HistoryPage> open(dev.parley.protocol.v1.HistoryPage page) {
    List<GroupDeliver> shown = page.getEntriesList().stream().filter(this::readable).toList();
    List<GroupPostOpener.Outcome> outcomes = new ArrayList<>(shown.size());
    Set<Long> signers = new LinkedHashSet<>();
    for (GroupDeliver d : shown) {
      GroupPostOpener.Outcome o = opener.open(d.getGroupId(), d.getEnvelope());
      if (o instanceof GroupPostOpener.Outcome.Waiting w && w.fetchUserId() != 0) signers.add(w.fetchUserId());
      outcomes.add(o);
    }
    if (signers.isEmpty()) return CompletableFuture.completedFuture(values(page, shown, outcomes));
    // Learn each unknown signer once, then open the posts that waited for one; a failed fetch
    // leaves them unreadable rather than failing the page.
    CompletableFuture<?>[] learning = signers.stream()
        .map(u -> directory.learnUser(u).exceptionally(err -> null))
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(learning).thenApplyAsync(v -> {
      for (int i = 0; i < shown.size(); i++) {
        if (outcomes.get(i) instanceof GroupPostOpener.Outcome.Waiting w && w.fetchUserId() != 0) {
          outcomes.set(i, opener.open(shown.get(i).getGroupId(), shown.get(i).getEnvelope()));
        }
      }
      return values(page, shown, outcomes);
    }, loop);
  }

  /** Deleted for everyone (the body is gone) or expired on the way: nothing to show, as live. */
  private boolean readable(GroupDeliver d) {
    GroupEnvelope e = d.getEnvelope();
    return !e.getDeleted() && (e.getExpiresAtMs() == 0 || e.getExpiresAtMs() > clock.millis());
  }

  private static HistoryPage values(
      dev.parley.protocol.v1.HistoryPage page, List<GroupDeliver> shown, List<GroupPostOpener.Outcome> outcomes) {
    List<HistoryEntry> entries = new ArrayList<>(shown.size());
    for (int i = 0; i < shown.size(); i++) {
      GroupDeliver d = shown.get(i);
      GroupEnvelope e = d.getEnvelope();
      switch (outcomes.get(i)) {
        case GroupPostOpener.Outcome.Opened o -> {
          HistoryEntry entry = GroupEntries.read(d, o.content(), false);
          if (entry != null) entries.add(entry);
        }
        case GroupPostOpener.Outcome.Waiting w ->
            entries.add(new HistoryEntry.Unreadable(d.getSeq(), e.getSenderUserId(), e.getSenderDeviceId(), w.reason()));
        case GroupPostOpener.Outcome.Unreadable u ->
            entries.add(new HistoryEntry.Unreadable(d.getSeq(), e.getSenderUserId(), e.getSenderDeviceId(), u.reason()));
      }
    }
    return new HistoryPage(page.getGroupId(), entries, page.getMore(), page.getNextBeforeSeq());
  }
}
