package dev.parley.storage.rocks;

import static dev.parley.storage.rocks.TestData.newAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.parley.storage.account.Account;
import dev.parley.storage.account.Device;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.Registration;
import dev.parley.storage.account.UserId;
import dev.parley.storage.account.Username;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RocksAccountStoreTest {
  @TempDir Path dir;

  @Test
  void registeredAccountIsFoundByIdUsernameAndDevice() {
    try (RocksStorage storage = TestData.open(dir)) {
      var created = (Registration.Created) storage.accounts().register(newAccount("Alice")).join();
      Account account = created.account();
      Device device = created.device();

      assertThat(account.username()).isEqualTo(new Username("alice"));
      assertThat(device.user()).isEqualTo(account.id());
      assertThat(storage.accounts().findById(account.id()).join()).contains(account);
      assertThat(storage.accounts().findByUsername(new Username("alice")).join()).contains(account);
      assertThat(storage.accounts().findDevice(account.id(), device.id()).join())
          .hasValueSatisfying(
              d -> {
                assertThat(d.id()).isEqualTo(device.id());
                assertThat(d.name()).isEqualTo("phone");
                assertThat(d.identityKey()).isEqualTo(device.identityKey());
              });
      assertThat(storage.accounts().devices(account.id()).join()).extracting(Device::id).containsExactly(device.id());
    }
  }

  @Test
  void unknownIdsAreEmptyNotErrors() {
    try (RocksStorage storage = TestData.open(dir)) {
      assertThat(storage.accounts().findById(new UserId(99)).join()).isEmpty();
      assertThat(storage.accounts().findByUsername(new Username("nobody")).join()).isEmpty();
      assertThat(storage.accounts().findDevice(new UserId(99), new DeviceId(1)).join()).isEmpty();
      assertThat(storage.accounts().devices(new UserId(99)).join()).isEmpty();
    }
  }

  @Test
  void anAddedDeviceIsListedAndFoundWithTheNextDeviceId() {
    try (RocksStorage storage = TestData.open(dir)) {
      var created = (Registration.Created) storage.accounts().register(newAccount("alice")).join();
      UserId alice = created.account().id();
      byte[] laptopKey = new byte[32];
      laptopKey[31] = 9;

      Device laptop = storage.accounts().addDevice(alice, laptopKey, "laptop", TestData.T0 + 5).join().orElseThrow();

      assertThat(laptop.user()).isEqualTo(alice);
      assertThat(laptop.id().value()).isGreaterThan(created.device().id().value());
      assertThat(laptop.createdAtMs()).isEqualTo(TestData.T0 + 5);
      assertThat(storage.accounts().devices(alice).join())
          .extracting(Device::id)
          .containsExactly(created.device().id(), laptop.id());
      assertThat(storage.accounts().findDevice(alice, laptop.id()).join())
          .hasValueSatisfying(
              d -> {
                assertThat(d.identityKey()).isEqualTo(laptopKey);
                assertThat(d.name()).isEqualTo("laptop");
              });
    }
  }

  @Test
  void addingADeviceToAnUnknownUserAddsNothing() {
    try (RocksStorage storage = TestData.open(dir)) {
      assertThat(storage.accounts().addDevice(new UserId(99), new byte[32], "laptop", TestData.T0).join()).isEmpty();
      assertThat(storage.accounts().devices(new UserId(99)).join()).isEmpty();
    }
  }

  @Test
  void usernameIsTakenWhateverItsCase() {
    try (RocksStorage storage = TestData.open(dir)) {
      assertThat(storage.accounts().register(newAccount("bob")).join()).isInstanceOf(Registration.Created.class);

      assertThat(storage.accounts().register(newAccount("BOB")).join())
          .isEqualTo(new Registration.UsernameTaken(new Username("bob")));
    }
  }

  @Test
  void twoRegistrationsOfOneNameInTheSameRoundCreateOnlyOne() throws Exception {
    try (RocksStorage storage = TestData.open(dir)) {
      CompletableFuture<Registration> first;
      CompletableFuture<Registration> second;
      try (Gate gate = Gate.hold(storage.commits())) {
        first = storage.accounts().register(newAccount("carol"));
        second = storage.accounts().register(newAccount("Carol"));
        gate.open();
      }

      assertThat(first.join()).isInstanceOf(Registration.Created.class);
      assertThat(second.join()).isInstanceOf(Registration.UsernameTaken.class);
    }
  }

  @Test
  void userAndDeviceIdsAreNeverReusedAfterReopen() {
    Registration.Created before;
    try (RocksStorage storage = TestData.open(dir)) {
      storage.accounts().register(newAccount("dave")).join();
      before = (Registration.Created) storage.accounts().register(newAccount("erin")).join();
    }

    try (RocksStorage storage = TestData.open(dir)) {
      assertThat(storage.accounts().register(newAccount("frank")).join())
          .asInstanceOf(type(Registration.Created.class))
          .satisfies(
              after -> {
                assertThat(after.account().id().value()).isGreaterThan(before.account().id().value());
                assertThat(after.device().id().value()).isGreaterThan(before.device().id().value());
              });
      assertThat(storage.accounts().findByUsername(new Username("erin")).join()).contains(before.account());
    }
  }
}
