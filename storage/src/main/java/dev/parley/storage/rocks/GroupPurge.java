package dev.parley.storage.rocks;

import dev.parley.storage.account.UserId;
import dev.parley.storage.group.GroupId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.RocksDBException;

/**
 * The rest of deleting a group after {@link DeleteGroupOp}: deletes its member rows, in group_members
 * and user_groups, as a chain of commit-stage ops of at most {@link #CHUNK} members each, so even a
 * channel of millions never holds up other writes for long. The last chunk deletes the group's seq
 * and its purge marker. The marker survives a crash, and the sweeper resumes every purge it names.
 *
 * <p>Chunks re-read what is left through the {@link Round}, so two purges of one group (the store's
 * and the sweeper's) interleave harmlessly.
 */
final class GroupPurge {
  static final int CHUNK = Sweeper.CHUNK;
  /** Most purge markers one sweep picks up; the rest wait for the next sweep. */
  private static final int MAX_RESUMED = 1_000;

  private record Chunk(int purged, boolean done) {}

  private GroupPurge() {}

  /** Purges the deleted group's member rows; completes with how many memberships were deleted. */
  static CompletableFuture<Long> run(CommitStage commits, GroupId group) {
    return chunks(commits, group, 0);
  }

  /** Finishes every purge a crash (or a refused chunk) left unfinished; completes with the rows deleted. */
  static CompletableFuture<Long> resume(CommitStage commits) {
    return commits.submit(GroupPurge::pending).thenCompose(groups -> runAll(commits, groups, 0, 0));
  }

  private static CompletableFuture<Long> runAll(CommitStage commits, List<GroupId> groups, int next, long total) {
    if (next == groups.size()) return CompletableFuture.completedFuture(total);
    return run(commits, groups.get(next)).thenCompose(n -> runAll(commits, groups, next + 1, total + n));
  }

  private static CompletableFuture<Long> chunks(CommitStage commits, GroupId group, long total) {
    return commits
        .submit(round -> chunk(round, group))
        .thenCompose(
            c -> {
              long sum = total + c.purged();
              return c.done() ? CompletableFuture.completedFuture(sum) : chunks(commits, group, sum);
            });
  }

  private static List<GroupId> pending(Round round) throws RocksDBException {
    List<GroupId> groups = new ArrayList<>();
    for (Round.Entry marker : round.scan(Family.META, Keys.GROUP_PURGE_PREFIX, MAX_RESUMED)) {
      groups.add(new GroupId(Keys.groupOfPurge(marker.key())));
    }
    return groups;
  }

  private static Chunk chunk(Round round, GroupId group) throws RocksDBException {
    byte[] marker = Keys.groupPurge(group);
    if (round.get(Family.META, marker) == null) return new Chunk(0, true); // another purge finished it
    List<Round.Entry> members = round.scan(Family.GROUP_MEMBERS, Keys.group(group), CHUNK);
    for (Round.Entry member : members) {
      round.delete(Family.GROUP_MEMBERS, member.key());
      round.delete(Family.USER_GROUPS, Keys.userGroup(new UserId(Keys.memberUser(member.key())), group));
    }
    if (members.size() == CHUNK) return new Chunk(members.size(), false);
    round.delete(Family.GROUP_SEQ, Keys.group(group));
    round.delete(Family.META, marker);
    return new Chunk(members.size(), true);
  }
}
