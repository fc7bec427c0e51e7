package dev.parley.storage.rocks;

import static dev.parley.storage.rocks.TestData.T0;
import static dev.parley.storage.rocks.TestGroups.entries;
import static dev.parley.storage.rocks.TestGroups.group;
import static dev.parley.storage.rocks.TestGroups.post;
import static dev.parley.storage.rocks.TestGroups.register;
import static dev.parley.storage.rocks.TestGroups.rows;
import static dev.parley.storage.rocks.TestGroups.stored;
import static dev.parley.storage.rocks.TestGroups.users;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.storage.account.Device;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupMessage;
import dev.parley.storage.group.GroupStore;
import dev.parley.storage.group.MembersAdded;
import dev.parley.storage.group.Membership;
import dev.parley.storage.group.Role;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LargeGroupTest {
  private static final int PAGE = 1_000;
  private static final int PAGES = 10;

  @TempDir Path dir;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  /** Keys written by the round of this one append; the append is alone in its round. */
  private long keysWrittenBy(GroupStore groups, GroupMessage message) {
    DistributionSummary keys = meters.get("parley.commit.batch.keys").summary();
    long rounds = keys.count();
    double total = keys.totalAmount();
    stored(groups.append(message).join());
    assertThat(keys.count()).isEqualTo(rounds + 1);
    return (long) (keys.totalAmount() - total);
  }

  @Test
  void aPostToTenThousandMembersIsOneLogEntryAndCostsWhatAPostToOneMemberCosts() {
    try (RocksStorage storage =
        RocksStorage.open(TestData.config(dir, SyncPolicy.FSYNC), new TestClock(T0), meters)) {
      GroupStore groups = storage.groups();
      Device alice = register(storage, "alice");
      Group big = group(storage, "big", alice.user());
      Group alone = group(storage, "alone", alice.user());
      for (int page = 0; page < PAGES; page++) {
        var added = groups.addMembers(big.id(), users(100 + page * PAGE, PAGE), Role.MEMBER, T0).join();
        assertThat(added).isInstanceOfSatisfying(MembersAdded.Added.class, a -> assertThat(a.added()).hasSize(PAGE));
      }

      long aloneKeys = keysWrittenBy(groups, post(alone.id(), alice, 1));
      long bigKeys = keysWrittenBy(groups, post(big.id(), alice, 2));

      // The entry, its sent record, the group's seq and the server msg id counter.
      assertThat(bigKeys).isEqualTo(aloneKeys).isEqualTo(4);
      assertThat(rows(storage, Family.GROUP_LOG, Keys.group(big.id()))).isEqualTo(1);
      assertThat(groups.memberCount(big.id()).join()).isEqualTo(PAGES * PAGE + 1);
      UserId last = new UserId(100 + PAGES * PAGE - 1);
      assertThat(entries(groups.read(big.id(), last, 0, 10, T0).join()))
          .extracting(TestGroups::text)
          .containsExactly("post 2");
      assertThat(allMembers(groups, big)).hasSize(PAGES * PAGE + 1).isSortedAccordingTo((a, b) -> Long.compare(a, b));
    }
  }

  private static List<Long> allMembers(GroupStore groups, Group group) {
    List<Long> ids = new ArrayList<>();
    long after = 0;
    for (List<Membership> page; !(page = groups.members(group.id(), after, PAGE).join()).isEmpty(); ) {
      page.forEach(m -> ids.add(m.user().value()));
      after = page.getLast().user().value();
    }
    return ids;
  }
}
