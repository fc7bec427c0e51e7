package dev.parley.storage.rocks;

import dev.parley.storage.account.Account;
import dev.parley.storage.account.AccountStore;
import dev.parley.storage.account.Device;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.NewAccount;
import dev.parley.storage.account.Registration;
import dev.parley.storage.account.UserId;
import dev.parley.storage.account.Username;
import dev.parley.storage.admin.Invite;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * Accounts and devices: registration and device changes through the commit stage, lookups on the
 * read stage.
 */
final class RocksAccountStore implements AccountStore {
  private final Database db;
  private final CommitStage commits;
  private final ReadStage reads;
  private final DirectoryCache cache;

  RocksAccountStore(Database db, CommitStage commits, ReadStage reads, DirectoryCache cache) {
    this.db = db;
    this.commits = commits;
    this.reads = reads;
    this.cache = cache;
  }

  /** Wraps a commit that changes {@code user}'s account or devices: the cache forgets them once it is durable. */
  <T> CompletableFuture<T> changing(UserId user, CompletableFuture<T> commit) {
    return commit.whenComplete((result, failure) -> cache.forget(user));
  }

  @Override
  public CompletableFuture<Registration> register(NewAccount account) {
    Objects.requireNonNull(account.username(), "username");
    Objects.requireNonNull(account.deviceName(), "deviceName");
    return commits.submit(round -> register(round, account));
  }

  @Override
  public CompletableFuture<Registration> registerWithInvite(NewAccount account, String inviteCode) {
    Objects.requireNonNull(account.username(), "username");
    Objects.requireNonNull(account.deviceName(), "deviceName");
    if (!Invite.validCode(inviteCode)) return CompletableFuture.completedFuture(new Registration.InviteInvalid());
    return commits.submit(round -> registerWithInvite(round, account, inviteCode));
  }

  /** The invite's use and the account are one op: a refused username leaves the invite untouched. */
  private static Registration registerWithInvite(Round round, NewAccount request, String code)
      throws RocksDBException {
    byte[] inviteKey = InviteRecords.key(code);
    byte[] stored = round.get(Family.META, inviteKey);
    if (stored == null) return new Registration.InviteInvalid();
    Invite invite = InviteRecords.decode(code, stored);
    if (!invite.usableAt(request.nowMs())) return new Registration.InviteInvalid();
    Registration result = register(round, request);
    if (result instanceof Registration.Created) {
      if (invite.usesLeft() == 1) {
        round.delete(Family.META, inviteKey);
      } else {
        Invite used = new Invite(code, invite.usesLeft() - 1, invite.createdAtMs(), invite.expiresAtMs());
        round.put(Family.META, inviteKey, InviteRecords.encode(used));
      }
    }
    return result;
  }

  /** Runs on the commit thread, so "taken?" and "take it" cannot interleave with another register. */
  private static Registration register(Round round, NewAccount request) throws RocksDBException {
    byte[] nameKey = Keys.username(request.username());
    if (round.get(Family.USERNAMES, nameKey) != null) return new Registration.UsernameTaken(request.username());
    UserId user = new UserId(round.nextId(IdCounter.USER_ID));
    DeviceId deviceId = new DeviceId(round.nextId(IdCounter.DEVICE_ID));
    Account account = new Account(user, request.username(), request.nowMs(), false);
    Device device = new Device(user, deviceId, request.identityKey(), request.deviceName(), request.nowMs());
    round.put(Family.ACCOUNTS, Keys.user(user), Records.account(account));
    round.put(Family.USERNAMES, nameKey, Keys.user(user));
    round.put(Family.DEVICES, Keys.device(user, deviceId), Records.device(device));
    round.put(Family.DEVICE_INDEX, Keys.device(deviceId), Keys.user(user));
    return new Registration.Created(account, device);
  }

  @Override
  public CompletableFuture<Optional<Device>> addDevice(UserId user, byte[] identityKey, String name, long nowMs) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(name, "name");
    if (identityKey.length != 32) throw new IllegalArgumentException("identity key must be 32 bytes");
    byte[] key = identityKey.clone();
    return changing(user, commits.submit(round -> addDevice(round, user, key, name, nowMs)));
  }

  /** Takes the id from the same never-reused counter as registration. Runs on the commit thread. */
  private static Optional<Device> addDevice(Round round, UserId user, byte[] identityKey, String name, long nowMs)
      throws RocksDBException {
    if (round.get(Family.ACCOUNTS, Keys.user(user)) == null) return Optional.empty();
    DeviceId deviceId = new DeviceId(round.nextId(IdCounter.DEVICE_ID));
    Device device = new Device(user, deviceId, identityKey, name, nowMs);
    round.put(Family.DEVICES, Keys.device(user, deviceId), Records.device(device));
    round.put(Family.DEVICE_INDEX, Keys.device(deviceId), Keys.user(user));
    return Optional.of(device);
  }

  @Override
  public CompletableFuture<Boolean> removeDevice(UserId user, DeviceId device) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(device, "device");
    return changing(user, commits.submit(new RemoveDeviceOp(user, device)));
  }

  @Override
  public CompletableFuture<Optional<Account>> findById(UserId id) {
    Objects.requireNonNull(id, "id");
    Account cached = cache.account(id);
    if (cached != null) return CompletableFuture.completedFuture(Optional.of(cached));
    return reads.submit(() -> account(cache.generation(), id));
  }

  @Override
  public CompletableFuture<Optional<Account>> findByUsername(Username username) {
    Objects.requireNonNull(username, "username");
    Long user = cache.userNamed(username);
    Account cached = user == null ? null : cache.account(new UserId(user));
    // A name can have passed to another user since it was cached: the account must still carry it.
    if (cached != null && cached.username().equals(username)) return CompletableFuture.completedFuture(Optional.of(cached));
    return reads.submit(
        () -> {
          long readAt = cache.generation();
          byte[] stored = db.get(Family.USERNAMES, Keys.username(username));
          return stored == null ? Optional.empty() : account(readAt, new UserId(Keys.decodeLong(stored)));
        });
  }

  private Optional<Account> account(long readAt, UserId id) throws RocksDBException {
    byte[] stored = db.get(Family.ACCOUNTS, Keys.user(id));
    if (stored == null) return Optional.empty();
    Account account = Records.account(stored);
    cache.putAccount(readAt, account);
    return Optional.of(account);
  }

  @Override
  public CompletableFuture<Optional<Device>> findDevice(UserId user, DeviceId device) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(device, "device");
    return reads.submit(
        () -> {
          byte[] stored = db.get(Family.DEVICES, Keys.device(user, device));
          return stored == null ? Optional.empty() : Optional.of(Records.device(stored));
        });
  }

  @Override
  public CompletableFuture<List<Device>> devices(UserId user) {
    Objects.requireNonNull(user, "user");
    List<Device> cached = cache.devices(user);
    if (cached != null) return CompletableFuture.completedFuture(cached);
    return reads.submit(
        () -> {
          long readAt = cache.generation();
          List<Device> found = devicesOf(user);
          cache.putDevices(readAt, user, found);
          return found;
        });
  }

  private List<Device> devicesOf(UserId user) throws RocksDBException {
    byte[] prefix = Keys.user(user);
    List<Device> devices = new ArrayList<>();
    // Closed in reverse order: iterator, then the options, then the bound they point at.
    try (Slice upper = new Slice(Keys.prefixEnd(prefix));
        ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
        RocksIterator it = db.iterator(Family.DEVICES, options)) {
      for (it.seek(prefix); it.isValid(); it.next()) {
        devices.add(Records.device(it.value()));
      }
      it.status();
    }
    return devices;
  }
}
