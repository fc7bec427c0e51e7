package dev.parley.storage.rocks;

import static dev.parley.storage.rocks.TestData.T0;
import static dev.parley.storage.rocks.TestGroups.entries;
import static dev.parley.storage.rocks.TestGroups.group;
import static dev.parley.storage.rocks.TestGroups.post;
import static dev.parley.storage.rocks.TestGroups.register;
import static dev.parley.storage.rocks.TestGroups.rows;
import static dev.parley.storage.rocks.TestGroups.stored;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.storage.account.Device;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupAppend;
import dev.parley.storage.group.GroupEdit;
import dev.parley.storage.group.GroupEntry;
import dev.parley.storage.group.GroupKind;
import dev.parley.storage.group.GroupRead;
import dev.parley.storage.group.GroupSettings;
import dev.parley.storage.group.GroupStore;
import dev.parley.storage.group.MembersAdded;
import dev.parley.storage.group.Role;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class GroupLogTest {
  @TempDir Path dir;
  private final TestClock clock = new TestClock(T0);
  private Device alice;
  private Device bob;
  private Device carol;

  private RocksStorage open() {
    return RocksStorage.open(TestData.config(dir, SyncPolicy.FSYNC), clock, new SimpleMeterRegistry());
  }

  @BeforeEach
  void registerUsers() {
    try (RocksStorage storage = open()) {
      alice = register(storage, "alice");
      bob = register(storage, "bob");
      carol = register(storage, "carol");
    }
  }

  /** A group owned by alice with bob as a member. */
  private Group aliceAndBob(RocksStorage storage) {
    Group group = group(storage, "friends", alice.user());
    storage.groups().addMembers(group.id(), List.of(bob.user()), Role.MEMBER, T0).join();
    return group;
  }

  @Test
  void postsAreStoredOnceAndReadInSeqOrderAcrossPages() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      Group group = aliceAndBob(storage);
      for (int i = 1; i <= 7; i++) {
        assertThat(stored(groups.append(post(group.id(), i % 2 == 0 ? bob : alice, i)).join()).seq()).isEqualTo(i);
      }

      List<GroupEntry> first = entries(groups.read(group.id(), bob.user(), 0, 3, T0).join());
      List<GroupEntry> second = entries(groups.read(group.id(), bob.user(), first.getLast().seq(), 3, T0).join());
      List<GroupEntry> third = entries(groups.read(group.id(), bob.user(), second.getLast().seq(), 3, T0).join());

      assertThat(first).extracting(GroupEntry::seq).containsExactly(1L, 2L, 3L);
      assertThat(second).extracting(GroupEntry::seq).containsExactly(4L, 5L, 6L);
      assertThat(third).extracting(TestGroups::text).containsExactly("post 7");
      assertThat(first).extracting(GroupEntry::sender).containsExactly(alice.user(), bob.user(), alice.user());
      assertThat(first.getFirst().revision()).isEqualTo(new GroupEntry.Revision.Original());
      assertThat(first.get(1).serverMsgId()).isGreaterThan(first.getFirst().serverMsgId());
      assertThat(groups.lastSeq(group.id()).join()).isEqualTo(7);
      assertThat(rows(storage, Family.GROUP_LOG, Keys.group(group.id()))).isEqualTo(7);
    }
  }

  @Test
  void nonMembersCanNeitherPostNorReadAndRemovedMembersStop() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      Group group = aliceAndBob(storage);
      groups.append(post(group.id(), bob, 1)).join();

      assertThat(groups.append(post(group.id(), carol, 2)).join()).isEqualTo(new GroupAppend.NotMember());
      assertThat(groups.read(group.id(), carol.user(), 0, 10, T0).join()).isEqualTo(new GroupRead.NotMember());

      groups.removeMember(group.id(), bob.user()).join();
      groups.append(post(group.id(), alice, 3)).join();

      assertThat(groups.append(post(group.id(), bob, 4)).join()).isEqualTo(new GroupAppend.NotMember());
      assertThat(groups.read(group.id(), bob.user(), 0, 10, T0).join()).isEqualTo(new GroupRead.NotMember());
      assertThat(entries(groups.read(group.id(), alice.user(), 0, 10, T0).join()))
          .extracting(GroupEntry::seq)
          .containsExactly(1L, 2L);
    }
  }

  @Test
  void inAChannelOnlyAdminsPost() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      Group channel = TestGroups.create(storage, GroupKind.CHANNEL, "news", alice.user(), GroupSettings.channel());
      groups.addMembers(channel.id(), List.of(bob.user()), Role.MEMBER, T0).join();
      groups.addMembers(channel.id(), List.of(carol.user()), Role.ADMIN, T0).join();

      assertThat(groups.append(post(channel.id(), bob, 1)).join()).isEqualTo(new GroupAppend.NotAllowed(Role.MEMBER));
      assertThat(stored(groups.append(post(channel.id(), carol, 2)).join()).seq()).isEqualTo(1);
      assertThat(stored(groups.append(post(channel.id(), alice, 3)).join()).seq()).isEqualTo(2);
      groups.setRole(channel.id(), bob.user(), Role.ADMIN).join();
      groups.setRole(channel.id(), carol.user(), Role.MEMBER).join();
      assertThat(stored(groups.append(post(channel.id(), bob, 4)).join()).seq()).isEqualTo(3);
      assertThat(groups.append(post(channel.id(), carol, 5)).join()).isEqualTo(new GroupAppend.NotAllowed(Role.MEMBER));
      assertThat(entries(groups.read(channel.id(), carol.user(), 0, 10, T0).join())).hasSize(3);
    }
  }

  @Test
  void aNewMemberReadsOnlyWhatWasPostedAfterItJoined() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      Group group = aliceAndBob(storage);
      for (int i = 1; i <= 3; i++) groups.append(post(group.id(), alice, i)).join();
      var joined = groups.addMembers(group.id(), List.of(carol.user()), Role.MEMBER, T0).join();
      groups.append(post(group.id(), bob, 4)).join();
      groups.append(post(group.id(), alice, 5)).join();

      assertThat(joined).isInstanceOfSatisfying(
          MembersAdded.Added.class,
          a -> assertThat(a.added().getFirst().joinedAtSeq()).isEqualTo(3));
      assertThat(entries(groups.read(group.id(), carol.user(), 0, 10, T0).join()))
          .extracting(GroupEntry::seq)
          .containsExactly(4L, 5L);
      assertThat(entries(groups.read(group.id(), bob.user(), 0, 10, T0).join())).hasSize(5);
    }
  }

  @Test
  void olderHistoryReadsBackwardsToTheJoinPointWithoutExpiredEntriesOrAnotherGroups() {
    Group group;
    Group next;
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      group = aliceAndBob(storage);
      next = group(storage, "neighbours", alice.user());
      for (int i = 1; i <= 3; i++) groups.append(post(group.id(), alice, i)).join();
      groups.addMembers(group.id(), List.of(carol.user()), Role.MEMBER, T0).join();
      groups.append(post(group.id(), alice, 4, T0, T0 + 1_000)).join();
      for (int i = 5; i <= 8; i++) groups.append(post(group.id(), bob, i)).join();
      // The neighbouring group's log sorts right after this one's: a backward scan must not start there.
      for (int i = 1; i <= 3; i++) groups.append(post(next.id(), alice, 100 + i)).join();
    }
    // Reopened: the first entries come from table files, the last from the memtable.
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      groups.append(post(group.id(), alice, 9)).join();

      assertThat(entries(groups.readBefore(group.id(), bob.user(), Long.MAX_VALUE, 4, T0).join()))
          .extracting(GroupEntry::seq).containsExactly(9L, 8L, 7L, 6L);
      assertThat(entries(groups.readBefore(group.id(), bob.user(), 6, 10, T0).join()))
          .extracting(GroupEntry::seq).containsExactly(5L, 4L, 3L, 2L, 1L);
      assertThat(entries(groups.readBefore(group.id(), bob.user(), 6, 10, T0 + 1_000).join()))
          .as("expired").extracting(GroupEntry::seq).containsExactly(5L, 3L, 2L, 1L);
      assertThat(entries(groups.readBefore(group.id(), carol.user(), Long.MAX_VALUE, 10, T0).join()))
          .as("carol joined at 3").extracting(GroupEntry::seq).containsExactly(9L, 8L, 7L, 6L, 5L, 4L);
      assertThat(entries(groups.readBefore(group.id(), carol.user(), 4, 10, T0).join())).isEmpty();
      assertThat(entries(groups.readBefore(group.id(), bob.user(), 1, 10, T0).join())).isEmpty();
      assertThat(entries(groups.readBefore(next.id(), alice.user(), Long.MAX_VALUE, 10, T0).join()))
          .extracting(TestGroups::text).containsExactly("post 103", "post 102", "post 101");

      assertThat(groups.readBefore(group.id(), new dev.parley.storage.account.UserId(999), 5, 10, T0).join())
          .isEqualTo(new GroupRead.NotMember());
      groups.removeMember(group.id(), bob.user()).join();
      assertThat(groups.readBefore(group.id(), bob.user(), 5, 10, T0).join()).isEqualTo(new GroupRead.NotMember());
    }
  }

  @Test
  void aRetriedPostIsStoredOnceEvenInTheSameRoundAndAfterReopen() throws Exception {
    Group group;
    GroupAppend.Stored original;
    try (RocksStorage storage = open()) {
      group = aliceAndBob(storage);
      CompletableFuture<GroupAppend> first;
      CompletableFuture<GroupAppend> sameRound;
      try (Gate gate = Gate.hold(storage.commits())) {
        first = storage.groups().append(post(group.id(), bob, 7));
        sameRound = storage.groups().append(post(group.id(), bob, 7));
        gate.open();
      }
      original = stored(first.join());
      GroupAppend.Stored later = stored(storage.groups().append(post(group.id(), bob, 7, T0 + 5_000, 0)).join());

      assertThat(original.duplicate()).isFalse();
      assertThat(sameRound.join()).isEqualTo(new GroupAppend.Stored(1, original.serverMsgId(), T0, true));
      assertThat(later).isEqualTo(new GroupAppend.Stored(1, original.serverMsgId(), T0, true));
    }

    try (RocksStorage storage = open()) {
      assertThat(storage.groups().append(post(group.id(), bob, 7, T0 + 60_000, 0)).join())
          .isEqualTo(new GroupAppend.Stored(1, original.serverMsgId(), T0, true));
      assertThat(storage.groups().lastSeq(group.id()).join()).isEqualTo(1);
      assertThat(rows(storage, Family.GROUP_LOG, Keys.group(group.id()))).isEqualTo(1);
      // The same client_msg_id in a 1:1 message is another message, not a retry of the group post.
      var direct = storage.inboxes().append(TestData.message(7, alice.id())).join();
      assertThat(direct.duplicate()).isFalse();
    }
  }

  @Test
  void seqsAreNeverReusedAfterTheLogEmptiedAndTheStoreReopened() {
    Group group;
    long lastServerMsgId;
    try (RocksStorage storage = open()) {
      group = aliceAndBob(storage);
      for (int i = 1; i <= 3; i++) storage.groups().append(post(group.id(), alice, i, T0, T0 + 10)).join();
      lastServerMsgId = stored(storage.groups().append(post(group.id(), alice, 4, T0, T0 + 10)).join()).serverMsgId();
      clock.advance(Duration.ofSeconds(1));
      assertThat(storage.sweepNow().join().expiredGroupMessages()).isEqualTo(4);
      assertThat(rows(storage, Family.GROUP_LOG, Keys.group(group.id()))).isZero();
    }

    try (RocksStorage storage = open()) {
      assertThat(storage.groups().lastSeq(group.id()).join()).isEqualTo(4);
      GroupAppend.Stored next = stored(storage.groups().append(post(group.id(), bob, 5)).join());

      assertThat(next.seq()).isEqualTo(5);
      assertThat(next.serverMsgId()).isGreaterThan(lastServerMsgId);
    }
  }

  @Test
  void expiredPostsAreHiddenAtOnceAndSweptWithTheClock() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      Group group = aliceAndBob(storage);
      groups.append(post(group.id(), alice, 1, T0, T0 + 1_000)).join();
      groups.append(post(group.id(), alice, 2, T0, 0)).join();
      groups.append(post(group.id(), bob, 3, T0, T0 + 60_000)).join();

      assertThat(entries(groups.read(group.id(), bob.user(), 0, 10, T0 + 1_000).join()))
          .extracting(GroupEntry::seq)
          .containsExactly(2L, 3L);
      assertThat(storage.sweepNow().join().expiredGroupMessages()).isZero();

      clock.advance(Duration.ofSeconds(1));
      assertThat(storage.sweepNow().join().expiredGroupMessages()).isEqualTo(1);
      assertThat(rows(storage, Family.GROUP_LOG, Keys.group(group.id()))).isEqualTo(2);
      assertThat(rows(storage, Family.GROUP_EXPIRY, Keys.encodeLong(T0 + 1_000))).isZero();
      assertThat(rows(storage, Family.GROUP_EXPIRY, Keys.encodeLong(T0 + 60_000))).isEqualTo(1);

      clock.advance(Duration.ofMinutes(1));
      assertThat(storage.sweepNow().join().expiredGroupMessages()).isEqualTo(1);
      assertThat(entries(groups.read(group.id(), bob.user(), 0, 10, 0).join()))
          .extracting(GroupEntry::seq)
          .containsExactly(2L);
    }
  }

  @Test
  void editsAndDeletesForEveryoneAreRecordedInPlace() {
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      Group group = aliceAndBob(storage);
      groups.append(post(group.id(), bob, 1)).join();
      groups.append(post(group.id(), bob, 2)).join();

      var edited = groups.replace(group.id(), 1, "fixed".getBytes(StandardCharsets.UTF_8), bob.user(), T0 + 10).join();
      var deleted = groups.tombstone(group.id(), 2, alice.user(), T0 + 20).join();

      assertThat(edited).isInstanceOf(GroupEdit.Done.class);
      List<GroupEntry> read = entries(groups.read(group.id(), bob.user(), 0, 10, T0).join());
      assertThat(read).extracting(TestGroups::text).containsExactly("fixed", "");
      assertThat(read)
          .extracting(GroupEntry::revision)
          .containsExactly(
              new GroupEntry.Revision.Edited(bob.user(), T0 + 10),
              new GroupEntry.Revision.Deleted(alice.user(), T0 + 20));
      assertThat(deleted).usingRecursiveComparison().isEqualTo(new GroupEdit.Done(read.get(1)));
      assertThat(read.get(1).serverMsgId()).isPositive();
      assertThat(groups.replace(group.id(), 2, "again".getBytes(StandardCharsets.UTF_8), bob.user(), T0).join())
          .isEqualTo(new GroupEdit.AlreadyDeleted());
      assertThat(groups.tombstone(group.id(), 2, bob.user(), T0).join())
          .isEqualTo(new GroupEdit.AlreadyDeleted());
      assertThat(groups.tombstone(group.id(), 3, bob.user(), T0).join())
          .isEqualTo(new GroupEdit.NoSuchEntry());
    }
  }

  @Test
  void cursorsOnlyMoveForwardStopAtTheLastSeqAndSurviveReopen() {
    Group group;
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      group = aliceAndBob(storage);
      for (int i = 1; i <= 3; i++) groups.append(post(group.id(), alice, i)).join();

      assertThat(groups.cursor(bob.id(), group.id()).join()).isZero();
      assertThat(groups.advanceCursor(bob.id(), group.id(), 2).join()).hasValue(2);
      assertThat(groups.advanceCursor(bob.id(), group.id(), 1).join()).hasValue(2);
      assertThat(groups.advanceCursor(bob.id(), group.id(), 100).join()).hasValue(3);
      assertThat(groups.advanceCursor(carol.id(), group.id(), 1).join()).isEmpty();
      assertThat(groups.cursor(carol.id(), group.id()).join()).isZero();
    }

    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      assertThat(groups.cursor(bob.id(), group.id()).join()).isEqualTo(3);
      groups.removeMember(group.id(), bob.user()).join();
      assertThat(groups.cursor(bob.id(), group.id()).join()).isZero();
      assertThat(groups.advanceCursor(bob.id(), group.id(), 3).join()).isEmpty();
    }
  }

  @Test
  void concurrentPostsFromFourThreadsGetContiguousUniqueSeqs() throws Exception {
    int threads = 4;
    int perThread = 250;
    try (RocksStorage storage = open()) {
      GroupStore groups = storage.groups();
      Group group = aliceAndBob(storage);
      groups.addMembers(group.id(), List.of(carol.user()), Role.MEMBER, T0).join();
      List<Device> senders = List.of(alice, bob, carol, alice);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Long>>> results = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        for (int t = 0; t < threads; t++) {
          Device sender = senders.get(t);
          long firstClientMsgId = t * 1_000_000L;
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    List<CompletableFuture<GroupAppend>> appends = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                      appends.add(groups.append(post(group.id(), sender, firstClientMsgId + i)));
                    }
                    return appends.stream().map(f -> stored(f.join()).seq()).toList();
                  }));
        }
        start.countDown();
        List<Long> seqs = new ArrayList<>();
        for (Future<List<Long>> r : results) seqs.addAll(r.get());

        assertThat(seqs).doesNotHaveDuplicates().hasSize(threads * perThread);
        assertThat(seqs.stream().sorted().toList())
            .isEqualTo(LongStream.rangeClosed(1, threads * perThread).boxed().toList());
        assertThat(groups.lastSeq(group.id()).join()).isEqualTo(threads * perThread);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
