package dev.parley.storage.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.storage.account.UserId;
import dev.parley.storage.presence.ContactsUpdate;
import dev.parley.storage.presence.PresenceVisibility;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RocksPresenceStoreTest {
  static final UserId ALICE = new UserId(1);
  static final UserId BOB = new UserId(2);
  static final UserId CAROL = new UserId(3);
  static final UserId DAVE = new UserId(4);

  @TempDir Path dir;

  @Test
  void visibilityDefaultsToContactsAndSurvivesARestart() {
    try (RocksStorage storage = TestData.open(dir)) {
      assertThat(storage.presence().visibility(ALICE).join()).isEqualTo(PresenceVisibility.CONTACTS);
      storage.presence().setVisibility(ALICE, PresenceVisibility.NOBODY).join();
    }
    try (RocksStorage storage = TestData.open(dir)) {
      assertThat(storage.presence().visibility(ALICE).join()).isEqualTo(PresenceVisibility.NOBODY);
      assertThat(storage.presence().visibility(BOB).join()).isEqualTo(PresenceVisibility.CONTACTS);
    }
  }

  @Test
  void contactListsCountOnceRefuseWholeUpdatesOverTheLimitAndRemove() {
    try (RocksStorage storage = TestData.open(dir)) {
      var presence = storage.presence();
      assertThat(presence.updateContacts(ALICE, List.of(BOB, BOB, CAROL), List.of(), 2).join())
          .isEqualTo(new ContactsUpdate.Updated(2));
      assertThat(presence.updateContacts(ALICE, List.of(BOB, DAVE), List.of(), 2).join())
          .isEqualTo(new ContactsUpdate.OverLimit(2));
      assertThat(presence.contactsAmong(ALICE, List.of(BOB, CAROL, DAVE)).join()).containsExactlyInAnyOrder(BOB, CAROL);
      assertThat(presence.contactsAmong(BOB, List.of(ALICE)).join()).as("one direction only").isEmpty();

      assertThat(presence.updateContacts(ALICE, List.of(DAVE), List.of(CAROL), 2).join())
          .isEqualTo(new ContactsUpdate.Updated(2));
      assertThat(presence.updateContacts(ALICE, List.of(), List.of(CAROL, new UserId(99)), 2).join())
          .isEqualTo(new ContactsUpdate.Updated(2));
      assertThat(presence.contactsAmong(ALICE, List.of(BOB, CAROL, DAVE)).join()).containsExactlyInAnyOrder(BOB, DAVE);
    }
  }
}
