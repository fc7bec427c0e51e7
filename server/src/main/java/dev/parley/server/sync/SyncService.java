package dev.parley.server.sync;

import dev.parley.protocol.v1.Deliver;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.GroupDeliver;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.protocol.v1.Sync;
import dev.parley.protocol.v1.SyncGroupPosition;
import dev.parley.protocol.v1.SyncPage;
import dev.parley.protocol.v1.SyncState;
import dev.parley.server.account.AuthenticatedDevice;
import dev.parley.server.delivery.WireEnvelopes;
import dev.parley.server.group.GroupFrames;
import dev.parley.server.refusal.Answer;
import dev.parley.server.refusal.Refusal;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupEntry;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.GroupRead;
import dev.parley.storage.group.GroupStore;
import dev.parley.storage.group.Membership;
import dev.parley.storage.inbox.InboxEntry;
import dev.parley.storage.inbox.InboxStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers "what happened in this conversation after my position" ({@code Sync}) with one page, and
 * "where does every conversation stand" ({@code GetSyncState}). Read-only: a page moves no cursor
 * and deletes nothing; the device's acknowledgements do that, as for pushed deliveries.
 *
 * <p>A group more than {@link CatchUpBound#maxGroupCatchUp()} seqs ahead of the asked position is
 * answered TOO_LONG with its newest entries (the snapshot). The inbox is always paged in full.
 * Non-blocking: futures complete on storage threads.
 */
public final class SyncService {
  private final InboxStore inboxes;
  private final GroupStore groups;
  private final Clock clock;
  private final CatchUpBound bound;
  private final int maxPageEntries;
  private final PageBuilder<InboxEntry, Deliver> inboxPages;
  private final int maxFrameBytes;

  public SyncService(
      InboxStore inboxes, GroupStore groups, Clock clock, CatchUpBound bound, int maxPageEntries, int maxFrameBytes) {
    this.inboxes = inboxes;
    this.groups = groups;
    this.clock = clock;
    this.bound = bound;
    this.maxPageEntries = maxPageEntries;
    this.maxFrameBytes = maxFrameBytes;
    this.inboxPages = new PageBuilder<>(new PageBuilder.Wire<>() {
      @Override
      public long seq(InboxEntry e) {
        return e.seq();
      }

      @Override
      public Deliver encode(InboxEntry e, long prevSeq) {
        return WireEnvelopes.deliverBody(e, prevSeq);
      }
    }, maxFrameBytes);
  }

  /** One page of the inbox or of a group after {@code req.after_seq}. */
  public CompletableFuture<Answer<ServerFrame.Builder>> page(AuthenticatedDevice me, Sync req) {
    long after = req.getAfterSeq();
    int limit = req.getLimit() == 0 ? maxPageEntries : req.getLimit();
    if (after < 0) return Answer.refusedNow(ErrorCode.INVALID_ARGUMENT, "after_seq out of range");
    if (limit < 1 || limit > maxPageEntries) {
      return Answer.refusedNow(ErrorCode.INVALID_ARGUMENT, "limit is 1.." + maxPageEntries + " (0 for the default)");
    }
    CompletableFuture<Answer<ServerFrame.Builder>> answer = switch (req.getConversationCase()) {
      case INBOX -> req.getInbox()
          ? inbox(me, after, limit)
          : Answer.refusedNow(ErrorCode.INVALID_ARGUMENT, "inbox must be true when set");
      case GROUP_ID -> req.getGroupId() > 0
          ? group(me, new GroupId(req.getGroupId()), after, limit)
          : Answer.refusedNow(ErrorCode.INVALID_ARGUMENT, "group_id must be positive");
      case CONVERSATION_NOT_SET -> Answer.refusedNow(ErrorCode.INVALID_ARGUMENT, "name a conversation: inbox or group_id");
    };
    return answer.exceptionally(err -> Answer.refused(Refusal.fromStorage(err)));
  }

  private CompletableFuture<Answer<ServerFrame.Builder>> inbox(AuthenticatedDevice me, long after, int limit) {
    return inboxes.lastSeq(me.device()).thenCompose(last ->
        inboxes.read(me.device(), after, limit + 1, clock.millis()).thenApply(read -> {
          PageBuilder.Page<Deliver> p = inboxPages.build(read, after, last, limit);
          return Answer.ok(ServerFrame.newBuilder().setSyncPage(SyncPage.newBuilder()
              .setInbox(true).addAllDeliveries(p.entries()).setPosition(p.position()).setMore(p.more())));
        }));
  }

  private CompletableFuture<Answer<ServerFrame.Builder>> group(AuthenticatedDevice me, GroupId id, long after, int limit) {
    return groups.findById(id).thenCompose(g -> {
      if (g.isEmpty()) return notMember();
      return groups.membership(id, me.user()).thenCompose(m -> {
        if (m.isEmpty()) return notMember();
        return groups.lastSeq(id).thenCompose(last -> groupPage(me, g.get(), m.get(), after, last, limit));
      });
    });
  }

  private CompletableFuture<Answer<ServerFrame.Builder>> groupPage(
      AuthenticatedDevice me, Group group, Membership m, long after, long last, int limit) {
    // History before the member joined is not a gap: it was never theirs.
    long from = Math.max(after, m.joinedAtSeq());
    boolean tooLong = bound.tooLong(from, last);
    long start = tooLong ? bound.startAfter(from, last) : from;
    return groups.read(group.id(), me.user(), start, limit + 1, clock.millis()).thenApply(r -> switch (r) {
      case GroupRead.NotMember n -> Answer.<ServerFrame.Builder>refused(notMemberRefusal());
      case GroupRead.Entries e -> {
        PageBuilder.Page<GroupDeliver> p = groupPages(group).build(e.entries(), start, last, limit);
        SyncPage.Builder page = SyncPage.newBuilder().setGroupId(group.id().value())
            .addAllGroupDeliveries(p.entries()).setPosition(p.position()).setMore(p.more());
        if (tooLong) page.setTooLong(true).setSkippedToSeq(start);
        yield Answer.ok(ServerFrame.newBuilder().setSyncPage(page));
      }
    });
  }

  private PageBuilder<GroupEntry, GroupDeliver> groupPages(Group group) {
    return new PageBuilder<>(new PageBuilder.Wire<>() {
      @Override
      public long seq(GroupEntry e) {
        return e.seq();
      }

      @Override
      public GroupDeliver encode(GroupEntry e, long prevSeq) {
        return GroupFrames.deliverBody(group, e, prevSeq);
      }
    }, maxFrameBytes);
  }

  /** The inbox's last seq and, per group of the user, its last seq and this device's cursor. */
  public CompletableFuture<Answer<ServerFrame.Builder>> state(AuthenticatedDevice me) {
    CompletableFuture<Long> inboxLast = inboxes.lastSeq(me.device());
    return groups.groupsOf(me.user()).thenCompose(memberships -> {
      List<CompletableFuture<SyncGroupPosition>> positions = memberships.stream()
          .map(m -> position(me, m))
          .toList();
      return CompletableFuture.allOf(positions.toArray(CompletableFuture[]::new)).thenCombine(inboxLast, (v, last) -> {
        SyncState.Builder state = SyncState.newBuilder().setInboxLastSeq(last);
        positions.forEach(p -> state.addGroups(p.join()));
        return Answer.ok(ServerFrame.newBuilder().setSyncState(state));
      });
    }).exceptionally(err -> Answer.refused(Refusal.fromStorage(err)));
  }

  private CompletableFuture<SyncGroupPosition> position(AuthenticatedDevice me, Membership m) {
    return groups.lastSeq(m.group()).thenCombine(groups.cursor(me.device(), m.group()), (last, cursor) ->
        SyncGroupPosition.newBuilder().setGroupId(m.group().value()).setLastSeq(last)
            .setCursor(Math.max(cursor, m.joinedAtSeq())).build());
  }

  private static CompletableFuture<Answer<ServerFrame.Builder>> notMember() {
    return CompletableFuture.completedFuture(Answer.refused(notMemberRefusal()));
  }

  private static Refusal notMemberRefusal() {
    return Refusal.of(ErrorCode.GROUP_NOT_FOUND, "no such group, or you are not a member");
  }

}
