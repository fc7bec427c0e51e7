package dev.parley.server.sync;

import com.google.protobuf.CodedOutputStream;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.GetHistory;
import dev.parley.protocol.v1.GroupDeliver;
import dev.parley.protocol.v1.HistoryPage;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.server.account.AuthenticatedDevice;
import dev.parley.server.group.GroupFrames;
import dev.parley.server.refusal.Answer;
import dev.parley.server.refusal.Refusal;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupEntry;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.GroupRead;
import dev.parley.storage.group.GroupStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers {@code GetHistory}: a page of a group's older posts, going backwards from a seq, like
 * Telegram's messages.getHistory. It is how a device reads what a TOO_LONG snapshot skipped, or
 * scrolls back further than its delivery started. Only members read, and only entries after their
 * join point ({@link dev.parley.storage.group.Membership#joinedAtSeq()}), checked in the same
 * snapshot as the entries; expired entries are left out.
 *
 * <p>Read-only: a page moves no cursor, deletes nothing and is not acknowledged. A page holds at
 * most {@code maxPageEntries} entries (a larger asked limit is capped to it) and is cut to fit one
 * frame; it is sent oldest first. Non-blocking: the reads run on the read stage and the futures
 * complete on storage threads.
 */
public final class HistoryService {
  /** Room left in a frame for the page's other fields and the frame's own envelope. */
  private static final int HEADROOM_BYTES = 256;

  private final GroupStore groups;
  private final Clock clock;
  private final int maxPageEntries;
  private final int maxPageBytes;

  public HistoryService(GroupStore groups, Clock clock, int maxPageEntries, int maxFrameBytes) {
    if (maxPageEntries < 1) throw new IllegalArgumentException("maxPageEntries < 1: " + maxPageEntries);
    this.groups = groups;
    this.clock = clock;
    this.maxPageEntries = maxPageEntries;
    this.maxPageBytes = maxFrameBytes - HEADROOM_BYTES;
  }

  /** The newest readable entries below {@code req.before_seq} (0: below none), as a HistoryPage. */
  public CompletableFuture<Answer<ServerFrame.Builder>> page(AuthenticatedDevice me, GetHistory req) {
    if (req.getGroupId() <= 0) return Answer.refusedNow(ErrorCode.INVALID_ARGUMENT, "group_id must be positive");
    if (req.getBeforeSeq() < 0) return Answer.refusedNow(ErrorCode.INVALID_ARGUMENT, "before_seq out of range");
    long before = req.getBeforeSeq() == 0 ? Long.MAX_VALUE : req.getBeforeSeq();
    int limit = req.getLimit() == 0 ? maxPageEntries : (int) Math.min(Integer.toUnsignedLong(req.getLimit()), maxPageEntries);
    GroupId id = new GroupId(req.getGroupId());
    return groups.findById(id)
        .thenCompose(g -> g.isEmpty()
            ? CompletableFuture.completedFuture(Answer.<ServerFrame.Builder>refused(notMember()))
            : groups.readBefore(id, me.user(), before, limit + 1, clock.millis()).thenApply(r -> switch (r) {
              case GroupRead.NotMember n -> Answer.<ServerFrame.Builder>refused(notMember());
              case GroupRead.Entries e -> Answer.ok(ServerFrame.newBuilder().setHistoryPage(build(g.get(), e.entries(), limit)));
            }))
        .exceptionally(err -> Answer.refused(Refusal.fromStorage(err)));
  }

  /** {@code newestFirst} holds up to limit + 1 entries; the page keeps what fits, oldest first. */
  private HistoryPage.Builder build(Group group, List<GroupEntry> newestFirst, int limit) {
    List<GroupDeliver> taken = new ArrayList<>(Math.min(newestFirst.size(), limit));
    long bytes = 0;
    for (GroupEntry e : newestFirst) {
      if (taken.size() == limit) break;
      // prev_seq is 0: a history page is not a delivery, and the SDK runs no gap check on it.
      GroupDeliver d = GroupFrames.deliverBody(group, e, 0);
      int size = CodedOutputStream.computeMessageSizeNoTag(d) + 1;
      if (!taken.isEmpty() && bytes + size > maxPageBytes) break;
      bytes += size;
      taken.add(d);
    }
    HistoryPage.Builder page = HistoryPage.newBuilder().setGroupId(group.id().value())
        .setMore(taken.size() < newestFirst.size());
    if (!taken.isEmpty()) page.setNextBeforeSeq(taken.getLast().getSeq());
    return page.addAllEntries(taken.reversed());
  }

  private static Refusal notMember() {
    return Refusal.of(ErrorCode.GROUP_NOT_FOUND, "no such group, or you are not a member");
  }
}
