package dev.parley.storage.rocks;

import static dev.parley.storage.rocks.TestData.newAccount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.storage.account.Device;
import dev.parley.storage.account.Registration;
import dev.parley.storage.account.UserId;
import dev.parley.storage.account.Username;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The accounts store answers repeated lookups from memory and never from a value a change made stale. */
@Timeout(60)
class DirectoryCacheTest {
  @TempDir Path dir;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private RocksStorage open() {
    return RocksStorage.open(TestData.config(dir, SyncPolicy.ASYNC), new TestClock(TestData.T0), meters);
  }

  private double hits() {
    return meters.counter("parley.directory.cache", "result", "hit").count();
  }

  @Test
  void repeatedLookupsAreServedFromMemoryAndFollowEveryChange() {
    try (RocksStorage storage = open()) {
      var alice = (Registration.Created) storage.accounts().register(newAccount("alice")).join();
      UserId id = alice.account().id();
      assertThat(storage.accounts().findByUsername(new Username("alice")).join()).contains(alice.account());
      assertThat(storage.accounts().devices(id).join()).hasSize(1);
      double before = hits();
      assertThat(storage.accounts().findByUsername(new Username("alice")).join()).contains(alice.account());
      assertThat(storage.accounts().findById(id).join()).contains(alice.account());
      assertThat(storage.accounts().devices(id).join()).hasSize(1);
      assertThat(hits() - before).isGreaterThanOrEqualTo(4); // name, account, account, devices

      Device laptop = storage.accounts().addDevice(id, new byte[32], "laptop", TestData.T0).join().orElseThrow();
      assertThat(storage.accounts().devices(id).join()).extracting(Device::id).contains(laptop.id());
      storage.accounts().removeDevice(id, laptop.id()).join();
      assertThat(storage.accounts().devices(id).join()).extracting(Device::id).containsExactly(alice.device().id());

      storage.admin().setDisabled(id, true).join();
      assertThat(storage.accounts().findById(id).join().orElseThrow().disabled()).isTrue();
      assertThat(storage.accounts().findByUsername(new Username("alice")).join().orElseThrow().disabled()).isTrue();
    }
  }

  @Test
  void aNameFreedByDeletionAndTakenAgainResolvesToTheNewUser() {
    try (RocksStorage storage = open()) {
      var first = (Registration.Created) storage.accounts().register(newAccount("alice")).join();
      assertThat(storage.accounts().findByUsername(new Username("alice")).join()).contains(first.account());
      assertThat(storage.accounts().devices(first.account().id()).join()).hasSize(1);

      storage.admin().deleteUser(first.account().id()).join();
      assertThat(storage.accounts().findByUsername(new Username("alice")).join()).isEmpty();
      assertThat(storage.accounts().devices(first.account().id()).join()).isEmpty();

      var second = (Registration.Created) storage.accounts().register(newAccount("alice")).join();
      assertThat(storage.accounts().findByUsername(new Username("alice")).join()).contains(second.account());
      assertThat(second.account().id()).isNotEqualTo(first.account().id());
    }
  }

  @Test
  void aReadThatStartedBeforeAChangeDoesNotPutItsOldValueBack() {
    DirectoryCache cache = new DirectoryCache(100, meters);
    UserId user = new UserId(7);
    Device phone = new Device(user, new dev.parley.storage.account.DeviceId(1), new byte[32], "phone", 0);
    long readStarted = cache.generation(); // a lookup read the DB before the change was written...
    cache.forget(user); // ...the change became durable...
    cache.putDevices(readStarted, user, List.of(phone)); // ...and the lookup finished after it
    assertThat(cache.devices(user)).isNull();

    cache.putDevices(cache.generation(), user, List.of(phone)); // a lookup after the change is kept
    assertThat(cache.devices(user)).containsExactly(phone);
  }

  @Test
  void theCacheStaysWithinItsBound() {
    DirectoryCache cache = new DirectoryCache(100, meters);
    for (long u = 1; u <= 1_000; u++) cache.putDevices(cache.generation(), new UserId(u), List.of());
    assertThat(meters.get("parley.directory.cache.entries").gauge().value()).isLessThanOrEqualTo(100);
  }
}
