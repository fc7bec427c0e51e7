package dev.parley.protocol.sdk;

import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.Deliver;
import dev.parley.protocol.v1.GetSyncState;
import dev.parley.protocol.v1.GroupDeliver;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.protocol.v1.Sync;
import dev.parley.protocol.v1.SyncGroupPosition;
import dev.parley.protocol.v1.SyncPage;
import dev.parley.protocol.v1.SyncState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what one connection hands to the application gap-free, per conversation (the inbox, each
 * group). A pushed entry whose {@code prev_seq} is above the conversation's cursor means something
 * was missed: the entry is held, the gap is filled with {@code Sync} pages from the cursor, then the
 * held entries follow, so the application sees each entry once and in order. A group too far behind
 * is answered TOO_LONG: the application is told ({@link MessageListener#onSyncGap}) and gets the
 * snapshot instead.
 *
 * <p>At most {@link #MAX_PARALLEL} conversations sync at once, each with one page in flight. Held
 * entries are bounded by the server's delivery window (they are not acknowledged while held) and,
 * defensively, by {@link #MAX_HELD}: past it they are dropped and fetched again by the sync.
 * Confined to the client's event loop; dies with its connection.
 */
final class GapFiller {
  private static final Logger log = LoggerFactory.getLogger(GapFiller.class);
  static final int MAX_PARALLEL = 4;
  static final int MAX_HELD = 4096;
  private static final long INBOX = 0;

  /** What the filler needs from its connection. */
  interface Handoff {
    void deliver(Deliver d);

    void groupDeliver(GroupDeliver d);

    /** The application refused an entry: nothing more is handed on this connection. */
    boolean paused();

    /**
     * How far this connection has received a group: its cursor, or further when posts are held
     * waiting for their sender key (they are received, just not handed to the application yet).
     */
    long groupPosition(long group);

    /**
     * The group's log holds nothing more up to {@code seq} for this device (expired entries, a
     * snapshot's skip). Moves the cursor, unless posts before it are held for their key.
     */
    void advanceGroup(long group, long seq);

    CompletableFuture<ServerFrame> request(ClientFrame.Builder frame);
  }

  private final ParleyClient client;
  private final Handoff handoff;
  private final int pageLimit;
  private final Map<Long, Conversation> conversations = new HashMap<>();
  private final ArrayDeque<Conversation> waiting = new ArrayDeque<>();
  private int running;
  private boolean stopped;
  private int pages;
  private int entries;
  private int gaps;

  GapFiller(ParleyClient client, Handoff handoff, int pageLimit) {
    this.client = client;
    this.handoff = handoff;
    this.pageLimit = pageLimit;
  }

  /** True when {@code d} may be handed now; false when it is held behind a gap being filled. */
  boolean admit(Deliver d) {
    return admit(INBOX, d.getSeq(), d.getPrevSeq(), d);
  }

  boolean admit(GroupDeliver d) {
    return d.getGroupId() > 0 && admit(d.getGroupId(), d.getSeq(), d.getPrevSeq(), d);
  }

  private boolean admit(long id, long seq, long prevSeq, Object entry) {
    Conversation c = conversations.get(id);
    if (c != null && c.idle != null) {
      c.hold(seq, entry);
      return false;
    }
    long cursor = cursor(id);
    if (seq <= cursor || prevSeq <= cursor || stopped) return true;
    c = conversation(id);
    c.hold(seq, entry);
    start(c);
    return false;
  }

  /** Catches up every conversation whose server position is past this device's cursor. */
  CompletableFuture<SyncReport> syncAll() {
    int pages0 = pages, entries0 = entries, gaps0 = gaps;
    return handoff.request(ClientFrame.newBuilder().setGetSyncState(GetSyncState.getDefaultInstance()))
        .thenCompose(frame -> {
          SyncState state = frame.getSyncState();
          List<CompletableFuture<Void>> started = new ArrayList<>();
          if (state.getInboxLastSeq() > cursor(INBOX)) started.add(start(conversation(INBOX)));
          for (SyncGroupPosition g : state.getGroupsList()) {
            if (g.getGroupId() > 0 && g.getLastSeq() > cursor(g.getGroupId())) started.add(start(conversation(g.getGroupId())));
          }
          return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
              .thenApply(v -> new SyncReport(started.size(), pages - pages0, entries - entries0, gaps - gaps0));
        });
  }

  /** The connection closed: nothing more is asked or handed. */
  void stop() {
    stopped = true;
    conversations.values().forEach(c -> c.held.clear());
  }

  // ---------------------------------------------------------------------------------------------

  private Conversation conversation(long id) {
    return conversations.computeIfAbsent(id, Conversation::new);
  }

  private CompletableFuture<Void> start(Conversation c) {
    if (c.idle != null) return c.idle;
    c.idle = new CompletableFuture<>();
    if (running < MAX_PARALLEL) {
      running++;
      requestPage(c);
    } else {
      waiting.addLast(c);
    }
    return c.idle;
  }

  private void requestPage(Conversation c) {
    if (stopped) {
      finish(c, new ConnectionException("connection closed", null));
      return;
    }
    Sync.Builder req = Sync.newBuilder().setAfterSeq(cursor(c.id)).setLimit(pageLimit);
    if (c.id == INBOX) req.setInbox(true);
    else req.setGroupId(c.id);
    handoff.request(ClientFrame.newBuilder().setSync(req)).whenComplete((frame, err) -> {
      try {
        if (err != null) finish(c, err);
        else onPage(c, frame.getSyncPage());
      } catch (RuntimeException e) {
        finish(c, e);
      }
    });
  }

  private void onPage(Conversation c, SyncPage page) {
    if (stopped) {
      finish(c, new ConnectionException("connection closed", null));
      return;
    }
    pages++;
    long cursor = cursor(c.id);
    if (c.id != INBOX && page.getTooLong() && page.getSkippedToSeq() > cursor) {
      SyncGap gap = new SyncGap(c.id, cursor + 1, page.getSkippedToSeq());
      gaps++;
      try {
        client.listener().onSyncGap(gap);
      } catch (RuntimeException e) {
        log.warn("sync gap listener failed for group {}", c.id, e);
      }
      store(c.id, page.getSkippedToSeq());
    }
    if (c.id == INBOX) {
      for (Deliver d : page.getDeliveriesList()) if (!hand(c, d.getSeq(), d)) return;
    } else {
      for (GroupDeliver d : page.getGroupDeliveriesList()) if (!hand(c, d.getSeq(), d)) return;
    }
    store(c.id, page.getPosition());
    if (!drainHeld(c)) return;
    if (page.getMore() || !c.held.isEmpty() || cursor(c.id) < c.mustReach) requestPage(c);
    else finish(c, null);
  }

  /** Hands held entries that now follow the cursor; false when the application paused. */
  private boolean drainHeld(Conversation c) {
    while (!c.held.isEmpty()) {
      Held h = c.held.peekFirst();
      long cursor = cursor(c.id);
      if (h.seq > cursor && prevSeq(h.entry) > cursor) break;
      c.held.pollFirst();
      if (!hand(c, h.seq, h.entry)) return false;
    }
    return true;
  }

  private boolean hand(Conversation c, long seq, Object entry) {
    boolean fresh = seq > cursor(c.id);
    if (entry instanceof Deliver d) handoff.deliver(d);
    else handoff.groupDeliver((GroupDeliver) entry);
    if (handoff.paused()) {
      finish(c, null);
      return false;
    }
    if (fresh) entries++;
    return true;
  }

  private void finish(Conversation c, Throwable err) {
    if (c.idle == null) return;
    CompletableFuture<Void> idle = c.idle;
    c.idle = null;
    c.mustReach = 0;
    if (err != null || handoff.paused()) c.held.clear();
    running--;
    Conversation next = waiting.pollFirst();
    if (next != null) {
      running++;
      requestPage(next);
    }
    if (err != null) {
      log.debug("sync of conversation {} ended: {}", c.id, err.toString());
      idle.completeExceptionally(err);
    } else {
      idle.complete(null);
    }
  }

  private long cursor(long id) {
    return id == INBOX ? client.cursor().load() : handoff.groupPosition(id);
  }

  private void store(long id, long seq) {
    if (seq <= cursor(id)) return;
    if (id == INBOX) client.cursor().store(seq);
    else handoff.advanceGroup(id, seq);
  }

  private static long prevSeq(Object entry) {
    return entry instanceof Deliver d ? d.getPrevSeq() : ((GroupDeliver) entry).getPrevSeq();
  }

  private record Held(long seq, Object entry) {}

  /** One conversation's sync: idle when no sync runs, else the future completed when it ends. */
  private static final class Conversation {
    final long id;
    final ArrayDeque<Held> held = new ArrayDeque<>();
    CompletableFuture<Void> idle;
    /** Held entries were dropped (over MAX_HELD): the sync must reach at least this seq. */
    long mustReach;

    Conversation(long id) {
      this.id = id;
    }

    void hold(long seq, Object entry) {
      if (held.size() >= MAX_HELD) {
        mustReach = Math.max(mustReach, held.peekLast().seq);
        held.clear();
      }
      held.addLast(new Held(seq, entry));
    }
  }
}
