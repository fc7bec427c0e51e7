package dev.parley.storage.rocks;

import static dev.parley.storage.rocks.TestData.T0;
import static dev.parley.storage.rocks.TestKeys.full;
import static dev.parley.storage.rocks.TestKeys.ids;
import static dev.parley.storage.rocks.TestKeys.oneTime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.storage.account.Device;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.NewAccount;
import dev.parley.storage.account.Registration;
import dev.parley.storage.account.Username;
import dev.parley.storage.prekey.DeviceBundle;
import dev.parley.storage.prekey.KemPrekeyRecord;
import dev.parley.storage.prekey.OneTimePrekeyRecord;
import dev.parley.storage.prekey.PrekeyCounts;
import dev.parley.storage.prekey.PrekeyStore;
import dev.parley.storage.prekey.PrekeyUpload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RocksPrekeyStoreTest {
  @TempDir Path dir;

  private static Registration.Created register(RocksStorage storage, String name, int identityKeyByte) {
    byte[] identityKey = new byte[32];
    identityKey[0] = (byte) identityKeyByte;
    NewAccount account = new NewAccount(new Username(name), identityKey, "phone", T0);
    return (Registration.Created) storage.accounts().register(account).join();
  }

  private static DeviceBundle takeOne(PrekeyStore prekeys, Device device) {
    List<DeviceBundle> bundles = prekeys.take(device.user(), List.of(device.id())).join();
    assertThat(bundles).hasSize(1);
    return bundles.getFirst();
  }

  private static Optional<Integer> oneTimeId(DeviceBundle b) {
    return b.oneTimePrekey().map(OneTimePrekeyRecord::id);
  }

  @Test
  void uploadedKeysAreHandedOutLowestIdFirstAndConsumed() {
    try (RocksStorage storage = TestData.open(dir)) {
      Device alice = register(storage, "alice", 42).device();
      PrekeyStore prekeys = storage.prekeys();

      assertThat(prekeys.upload(alice.id(), full(List.of(3, 1, 2), List.of(12, 11, 13))).join())
          .isEqualTo(new PrekeyCounts(3, 3, true));
      DeviceBundle first = takeOne(prekeys, alice);
      DeviceBundle second = takeOne(prekeys, alice);

      assertThat(first.device()).isEqualTo(alice.id());
      assertThat(first.identityKey()).isEqualTo(alice.identityKey());
      assertThat(first.identityDh()).usingRecursiveComparison().isEqualTo(TestKeys.identityDh());
      assertThat(first.signedPrekey()).usingRecursiveComparison().isEqualTo(TestKeys.signedPrekey(1));
      assertThat(first.oneTimePrekey()).get().usingRecursiveComparison().isEqualTo(TestKeys.ec(1));
      assertThat(first.kemPrekey()).usingRecursiveComparison().isEqualTo(TestKeys.kem(11));
      assertThat(first.remaining()).isEqualTo(new PrekeyCounts(2, 2, true));
      assertThat(oneTimeId(second)).contains(2);
      assertThat(second.kemPrekey().id()).isEqualTo(12);
      assertThat(second.remaining()).isEqualTo(new PrekeyCounts(1, 1, true));
      assertThat(prekeys.counts(alice.id()).join()).isEqualTo(new PrekeyCounts(1, 1, true));
    }
  }

  @Test
  void whenOneTimeEcKeysRunOutTheBundleHasNone() {
    try (RocksStorage storage = TestData.open(dir)) {
      Device alice = register(storage, "alice", 1).device();
      storage.prekeys().upload(alice.id(), full(List.of(1), ids(1, 3))).join();

      DeviceBundle first = takeOne(storage.prekeys(), alice);
      DeviceBundle second = takeOne(storage.prekeys(), alice);

      assertThat(oneTimeId(first)).contains(1);
      assertThat(second.oneTimePrekey()).isEmpty();
      assertThat(second.kemPrekey().id()).isEqualTo(2);
      assertThat(second.remaining()).isEqualTo(new PrekeyCounts(0, 1, true));
    }
  }

  @Test
  void whenOneTimeKemKeysRunOutTheLastResortKeyIsHandedOutAgainAndAgain() {
    try (RocksStorage storage = TestData.open(dir)) {
      Device alice = register(storage, "alice", 1).device();
      storage.prekeys().upload(alice.id(), full(List.of(), List.of(1))).join();

      assertThat(takeOne(storage.prekeys(), alice).kemPrekey().lastResort()).isFalse();
      for (int i = 0; i < 3; i++) {
        DeviceBundle bundle = takeOne(storage.prekeys(), alice);
        assertThat(bundle.kemPrekey()).usingRecursiveComparison().isEqualTo(TestKeys.lastResort());
        assertThat(bundle.remaining()).isEqualTo(new PrekeyCounts(0, 0, true));
      }
      assertThat(storage.prekeys().counts(alice.id()).join()).isEqualTo(new PrekeyCounts(0, 0, true));
    }
  }

  @Test
  void concurrentTakesNeverHandOutAOneTimeKeyTwice() throws Exception {
    int stock = 30;
    int takes = 50;
    int threads = 4;
    try (RocksStorage storage = TestData.open(dir);
        ExecutorService senders = Executors.newFixedThreadPool(threads)) {
      Device alice = register(storage, "alice", 1).device();
      storage.prekeys().upload(alice.id(), full(ids(1, stock), ids(101, stock))).join();

      List<Future<List<DeviceBundle>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int mine = takes / threads + (t < takes % threads ? 1 : 0);
        results.add(
            senders.submit(
                () -> {
                  List<CompletableFuture<List<DeviceBundle>>> fetches = new ArrayList<>();
                  for (int i = 0; i < mine; i++) fetches.add(storage.prekeys().take(alice.user(), List.of()));
                  return fetches.stream().flatMap(f -> f.join().stream()).toList();
                }));
      }
      List<DeviceBundle> bundles = new ArrayList<>();
      for (Future<List<DeviceBundle>> r : results) bundles.addAll(r.get());

      assertThat(bundles).hasSize(takes);
      assertThat(bundles.stream().flatMap(b -> b.oneTimePrekey().stream()).map(OneTimePrekeyRecord::id))
          .containsExactlyInAnyOrderElementsOf(ids(1, stock));
      List<KemPrekeyRecord> kems = bundles.stream().map(DeviceBundle::kemPrekey).toList();
      assertThat(kems.stream().filter(k -> !k.lastResort()).map(KemPrekeyRecord::id))
          .containsExactlyInAnyOrderElementsOf(ids(101, stock));
      assertThat(kems.stream().filter(KemPrekeyRecord::lastResort)).hasSize(takes - stock);
      assertThat(storage.prekeys().counts(alice.id()).join()).isEqualTo(new PrekeyCounts(0, 0, true));
    }
  }

  @Test
  void twoTakesInOneRoundGetDifferentKeys() throws Exception {
    try (RocksStorage storage = TestData.open(dir)) {
      Device alice = register(storage, "alice", 1).device();
      storage.prekeys().upload(alice.id(), full(ids(1, 3), ids(11, 3))).join();
      CompletableFuture<List<DeviceBundle>> first;
      CompletableFuture<List<DeviceBundle>> second;
      try (Gate gate = Gate.hold(storage.commits())) {
        first = storage.prekeys().take(alice.user(), List.of());
        second = storage.prekeys().take(alice.user(), List.of(alice.id()));
        gate.open();
      }

      assertThat(oneTimeId(first.join().getFirst())).contains(1);
      assertThat(first.join().getFirst().kemPrekey().id()).isEqualTo(11);
      assertThat(oneTimeId(second.join().getFirst())).contains(2);
      assertThat(second.join().getFirst().kemPrekey().id()).isEqualTo(12);
      assertThat(second.join().getFirst().remaining()).isEqualTo(new PrekeyCounts(1, 1, true));
    }
  }

  @Test
  void aTakeSeesKeysUploadedEarlierInItsRound() throws Exception {
    try (RocksStorage storage = TestData.open(dir)) {
      Device alice = register(storage, "alice", 1).device();
      storage.prekeys().upload(alice.id(), full(List.of(5), List.of())).join();
      CompletableFuture<List<DeviceBundle>> taken;
      try (Gate gate = Gate.hold(storage.commits())) {
        storage.prekeys().upload(alice.id(), oneTime(List.of(2), List.of(3)));
        taken = storage.prekeys().take(alice.user(), List.of());
        gate.open();
      }

      assertThat(oneTimeId(taken.join().getFirst())).contains(2);
      assertThat(taken.join().getFirst().kemPrekey().id()).isEqualTo(3);
      assertThat(storage.prekeys().counts(alice.id()).join()).isEqualTo(new PrekeyCounts(1, 0, true));
    }
  }

  @Test
  void takeLeavesOutOtherUsersDevicesAndDevicesWithoutAFullSetOfKeys() {
    try (RocksStorage storage = TestData.open(dir)) {
      Registration.Created alice = register(storage, "alice", 1);
      Device ready = alice.device();
      Device bare = storage.accounts().addDevice(ready.user(), new byte[32], "bare", T0).join().orElseThrow();
      Device oneTimeOnly = storage.accounts().addDevice(ready.user(), new byte[32], "one", T0).join().orElseThrow();
      Device noKem = storage.accounts().addDevice(ready.user(), new byte[32], "nokem", T0).join().orElseThrow();
      Device bob = register(storage, "bob", 2).device();
      PrekeyStore prekeys = storage.prekeys();
      prekeys.upload(ready.id(), full(ids(1, 5), ids(1, 5))).join();
      prekeys.upload(oneTimeOnly.id(), oneTime(ids(1, 5), ids(1, 5))).join();
      PrekeyUpload withoutKem =
          new PrekeyUpload(
              Optional.of(TestKeys.identityDh()),
              Optional.of(TestKeys.signedPrekey(1)),
              ids(1, 5).stream().map(TestKeys::ec).toList(),
              List.of(),
              Optional.empty());
      assertThat(prekeys.upload(noKem.id(), withoutKem).join()).isEqualTo(new PrekeyCounts(5, 0, false));
      prekeys.upload(bob.id(), full(ids(1, 5), ids(1, 5))).join();

      List<DeviceId> everyone = List.of(bob.id(), noKem.id(), oneTimeOnly.id(), bare.id(), ready.id());
      assertThat(prekeys.take(ready.user(), everyone).join())
          .extracting(DeviceBundle::device)
          .containsExactly(ready.id());
      assertThat(prekeys.take(ready.user(), List.of()).join())
          .extracting(DeviceBundle::device)
          .containsExactly(ready.id());
      assertThat(prekeys.take(bob.user(), List.of(ready.id())).join()).isEmpty();

      assertThat(prekeys.counts(bob.id()).join()).isEqualTo(new PrekeyCounts(5, 5, true));
      assertThat(prekeys.counts(oneTimeOnly.id()).join()).isEqualTo(new PrekeyCounts(5, 5, false));
      assertThat(prekeys.counts(noKem.id()).join()).isEqualTo(new PrekeyCounts(5, 0, false));
      assertThat(prekeys.counts(ready.id()).join()).isEqualTo(new PrekeyCounts(3, 3, true));
      assertThat(prekeys.counts(bare.id()).join()).isEqualTo(new PrekeyCounts(0, 0, false));
    }
  }

  @Test
  void aReuploadReplacesLongLivedKeysAndOneTimeKeysOfTheSameId() {
    try (RocksStorage storage = TestData.open(dir)) {
      Device alice = register(storage, "alice", 1).device();
      storage.prekeys().upload(alice.id(), full(ids(1, 2), ids(1, 2))).join();
      PrekeyUpload again =
          new PrekeyUpload(
              Optional.empty(),
              Optional.of(TestKeys.signedPrekey(2)),
              List.of(TestKeys.ec(2), TestKeys.ec(3), TestKeys.ec(3)),
              List.of(TestKeys.kem(1)),
              Optional.empty());

      assertThat(storage.prekeys().upload(alice.id(), again).join()).isEqualTo(new PrekeyCounts(3, 2, true));
      DeviceBundle bundle = takeOne(storage.prekeys(), alice);
      assertThat(bundle.signedPrekey()).usingRecursiveComparison().isEqualTo(TestKeys.signedPrekey(2));
      assertThat(bundle.identityDh()).usingRecursiveComparison().isEqualTo(TestKeys.identityDh());
      assertThat(bundle.remaining()).isEqualTo(new PrekeyCounts(2, 1, true));
    }
  }

  @Test
  void oneTimeKeyIdsAbove2Pow31ComeAfterSmallerOnes() {
    try (RocksStorage storage = TestData.open(dir)) {
      Device alice = register(storage, "alice", 1).device();
      storage.prekeys().upload(alice.id(), full(List.of(-1, Integer.MIN_VALUE, 7), List.of())).join();

      assertThat(oneTimeId(takeOne(storage.prekeys(), alice))).contains(7);
      assertThat(oneTimeId(takeOne(storage.prekeys(), alice))).contains(Integer.MIN_VALUE); // 2^31 as uint32
      assertThat(oneTimeId(takeOne(storage.prekeys(), alice))).contains(-1); // 2^32 - 1
    }
  }

  @Test
  void consumedKeysStayConsumedAfterReopen() {
    Device alice;
    try (RocksStorage storage = TestData.open(dir)) {
      alice = register(storage, "alice", 1).device();
      storage.prekeys().upload(alice.id(), full(ids(1, 3), ids(11, 3))).join();
      takeOne(storage.prekeys(), alice);
    }

    try (RocksStorage storage = TestData.open(dir)) {
      assertThat(storage.prekeys().counts(alice.id()).join()).isEqualTo(new PrekeyCounts(2, 2, true));
      DeviceBundle next = takeOne(storage.prekeys(), alice);
      assertThat(oneTimeId(next)).contains(2);
      assertThat(next.kemPrekey().id()).isEqualTo(12);
    }
  }

  @Test
  void uploadForAnUnknownDeviceIsRefused() {
    try (RocksStorage storage = TestData.open(dir)) {
      DeviceId nobody = new DeviceId(999);

      assertThatThrownBy(() -> storage.prekeys().upload(nobody, full(ids(1, 3), ids(1, 3))).join())
          .hasCauseInstanceOf(IllegalArgumentException.class);
      assertThat(storage.prekeys().counts(nobody).join()).isEqualTo(new PrekeyCounts(0, 0, false));
      assertThat(storage.healthy()).isTrue();
    }
  }

  @Test
  void emptyPublicKeysAreRefusedAtOnce() {
    try (RocksStorage storage = TestData.open(dir)) {
      Device alice = register(storage, "alice", 1).device();
      PrekeyUpload empty =
          new PrekeyUpload(
              Optional.empty(),
              Optional.empty(),
              List.of(new OneTimePrekeyRecord(1, new byte[0])),
              List.of(),
              Optional.empty());

      assertThatIllegalArgumentException().isThrownBy(() -> storage.prekeys().upload(alice.id(), empty));
    }
  }
}
