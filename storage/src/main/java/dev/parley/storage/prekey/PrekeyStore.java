package dev.parley.storage.prekey;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The key directory: each device's identity DH key, signed prekey, one-time EC and KEM prekeys and
 * last-resort KEM prekey. Non-blocking; writes complete once durable; failures as in {@link
 * dev.parley.storage.inbox.InboxStore}.
 */
public interface PrekeyStore {

  /** Stores an upload for {@code device}; completes with the stock afterwards. */
  CompletableFuture<PrekeyCounts> upload(DeviceId device, PrekeyUpload upload);

  /**
   * One bundle per listed device of {@code user} (all of the user's devices when {@code devices} is
   * empty), consuming one one-time EC prekey and one one-time KEM prekey per device atomically, so no
   * one-time prekey is ever handed to two senders. Devices that are not the user's, or that have not
   * uploaded an identity DH key, a signed prekey and a KEM prekey, are left out. Durable before it
   * completes (a consumed key is never handed out again, even after a crash).
   */
  CompletableFuture<List<DeviceBundle>> take(UserId user, List<DeviceId> devices);

  /** The stock of one device. */
  CompletableFuture<PrekeyCounts> counts(DeviceId device);
}
