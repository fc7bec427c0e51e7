package dev.parley.storage.account;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Accounts and their devices.
 *
 * <p>Every method is non-blocking: it returns at once and the future completes on a storage thread,
 * never on the caller's. Writes complete only once durable under the configured sync policy. A
 * future fails with {@link dev.parley.storage.StorageOverloadedException} when the store refuses
 * work because its queue is full, and with {@link dev.parley.storage.StorageFailureException} when
 * the disk failed.
 */
public interface AccountStore {

  /** Creates the account and its first device, unless the username is taken. */
  CompletableFuture<Registration> register(NewAccount account);

  /**
   * Registers as {@link #register} does, consuming one use of the invite {@code inviteCode} in the
   * same write: both happen or neither does.
   */
  CompletableFuture<Registration> registerWithInvite(NewAccount account, String inviteCode);

  CompletableFuture<Optional<Account>> findById(UserId id);

  CompletableFuture<Optional<Account>> findByUsername(Username username);

  CompletableFuture<Optional<Device>> findDevice(UserId user, DeviceId device);

  /** All devices of a user, in id order; empty when the user does not exist. */
  CompletableFuture<List<Device>> devices(UserId user);

  /** Adds a device to an existing user (linking); empty when the user does not exist. */
  CompletableFuture<Optional<Device>> addDevice(UserId user, byte[] identityKey, String name, long nowMs);

  /**
   * Removes a device of {@code user} with everything that belongs to it: its record, its inbox and its
   * prekeys. Its id is never reused. False when the user has no such device.
   */
  CompletableFuture<Boolean> removeDevice(UserId user, DeviceId device);
}
