package dev.parley.storage.rocks;

import static dev.parley.storage.rocks.TestData.T0;
import static dev.parley.storage.rocks.TestData.message;
import static dev.parley.storage.rocks.TestData.newAccount;
import static dev.parley.storage.rocks.TestKeys.full;
import static dev.parley.storage.rocks.TestKeys.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.storage.account.Device;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.Registration;
import dev.parley.storage.account.UserId;
import dev.parley.storage.prekey.DeviceBundle;
import dev.parley.storage.prekey.PrekeyCounts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class DeviceRemovalTest {
  @TempDir Path dir;
  private final TestClock clock = new TestClock(T0);

  private RocksStorage open() {
    return RocksStorage.open(TestData.config(dir, SyncPolicy.FSYNC), clock, new SimpleMeterRegistry());
  }

  /** Every row the device has in a prefix-keyed family, as a commit op sees them. */
  private static int rows(RocksStorage storage, Family family, DeviceId device) {
    return storage.commits().submit(round -> round.scan(family, Keys.device(device), Integer.MAX_VALUE).size()).join();
  }

  @Test
  void aRemovedDeviceLosesItsRecordInboxAndPrekeys() {
    try (RocksStorage storage = open()) {
      Device phone = ((Registration.Created) storage.accounts().register(newAccount("alice")).join()).device();
      UserId alice = phone.user();
      Device laptop = storage.accounts().addDevice(alice, new byte[32], "laptop", T0).join().orElseThrow();
      for (Device d : List.of(phone, laptop)) storage.prekeys().upload(d.id(), full(ids(1, 5), ids(1, 5))).join();
      storage.inboxes().append(message(1, phone.id(), laptop.id())).join();
      storage.inboxes().append(message(2, T0, T0 + 1_000, laptop.id())).join();

      assertThat(storage.accounts().removeDevice(alice, laptop.id()).join()).isTrue();

      assertThat(storage.accounts().devices(alice).join()).extracting(Device::id).containsExactly(phone.id());
      assertThat(storage.accounts().findDevice(alice, laptop.id()).join()).isEmpty();
      assertThat(storage.inboxes().read(laptop.id(), 0, 100, 0).join()).isEmpty();
      assertThat(storage.inboxes().read(phone.id(), 0, 100, 0).join()).hasSize(1);
      assertThat(rows(storage, Family.PREKEYS_EC, laptop.id())).isZero();
      assertThat(rows(storage, Family.PREKEYS_KEM, laptop.id())).isZero();
      assertThat(storage.prekeys().counts(laptop.id()).join()).isEqualTo(new PrekeyCounts(0, 0, false));
      assertThat(storage.prekeys().take(alice, List.of(phone.id(), laptop.id())).join())
          .extracting(DeviceBundle::device)
          .containsExactly(phone.id());
      assertThat(rows(storage, Family.PREKEYS_EC, phone.id())).isEqualTo(4);
      assertThatThrownBy(() -> storage.prekeys().upload(laptop.id(), full(ids(1, 1), ids(1, 1))).join())
          .hasCauseInstanceOf(IllegalArgumentException.class);

      // Its expiry entry was left to the sweeper, which finds the entry already gone.
      clock.advance(Duration.ofSeconds(1));
      assertThat(storage.sweepNow().join().expiredMessages()).isEqualTo(1);
      assertThat(storage.healthy()).isTrue();
    }
  }

  @Test
  void onlyTheOwnerCanRemoveADeviceAndOnlyOnce() {
    try (RocksStorage storage = open()) {
      Device alice = ((Registration.Created) storage.accounts().register(newAccount("alice")).join()).device();
      Device bob = ((Registration.Created) storage.accounts().register(newAccount("bob")).join()).device();

      assertThat(storage.accounts().removeDevice(bob.user(), alice.id()).join()).isFalse();
      assertThat(storage.accounts().devices(alice.user()).join()).hasSize(1);
      assertThat(storage.accounts().removeDevice(alice.user(), alice.id()).join()).isTrue();
      assertThat(storage.accounts().removeDevice(alice.user(), alice.id()).join()).isFalse();
      assertThat(storage.accounts().devices(alice.user()).join()).isEmpty();
    }
  }

  @Test
  void aRemovedDevicesIdIsNeverReusedEvenAfterReopen() {
    Device removed;
    UserId alice;
    try (RocksStorage storage = open()) {
      alice = ((Registration.Created) storage.accounts().register(newAccount("alice")).join()).device().user();
      removed = storage.accounts().addDevice(alice, new byte[32], "laptop", T0).join().orElseThrow();
      storage.accounts().removeDevice(alice, removed.id()).join();
      assertThat(storage.accounts().addDevice(alice, new byte[32], "tablet", T0).join())
          .hasValueSatisfying(d -> assertThat(d.id().value()).isGreaterThan(removed.id().value()));
    }

    try (RocksStorage storage = open()) {
      Device next = storage.accounts().addDevice(alice, new byte[32], "watch", T0).join().orElseThrow();
      assertThat(next.id().value()).isGreaterThan(removed.id().value() + 1);
    }
  }

  @Test
  void aTakeQueuedBehindARemovalInTheSameRoundLeavesTheDeviceOut() throws Exception {
    try (RocksStorage storage = open()) {
      Device phone = ((Registration.Created) storage.accounts().register(newAccount("alice")).join()).device();
      storage.prekeys().upload(phone.id(), full(ids(1, 5), ids(1, 5))).join();
      CompletableFuture<List<DeviceBundle>> before;
      CompletableFuture<List<DeviceBundle>> after;
      CompletableFuture<Boolean> removed;
      try (Gate gate = Gate.hold(storage.commits())) {
        before = storage.prekeys().take(phone.user(), List.of());
        removed = storage.accounts().removeDevice(phone.user(), phone.id());
        after = storage.prekeys().take(phone.user(), List.of(phone.id()));
        gate.open();
      }

      assertThat(before.join()).hasSize(1);
      assertThat(removed.join()).isTrue();
      assertThat(after.join()).isEmpty();
      assertThat(rows(storage, Family.PREKEYS_EC, phone.id())).isZero();
    }
  }
}
