package dev.parley.storage.inbox;

import dev.parley.storage.account.DeviceId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Per-device message queues. Each device's inbox is one total order of sequence numbers that are
 * strictly increasing and never reused, even across restarts and after every entry was acknowledged.
 *
 * <p>Non-blocking: futures complete on a storage thread. Writes complete only once durable under
 * the configured sync policy, and never before; failures are {@link
 * dev.parley.storage.StorageOverloadedException} (retry later) or {@link
 * dev.parley.storage.StorageFailureException}.
 */
public interface InboxStore {

  /**
   * Appends the message to every recipient device's inbox in one atomic write. A message whose
   * (sender device, client_msg_id) was stored within the deduplication window is not stored again:
   * the result repeats the original ids with {@code duplicate = true}.
   */
  CompletableFuture<StoredMessage> append(OutgoingMessage message);

  /**
   * Up to {@code limit} entries of the device's inbox with seq greater than {@code afterSeq}, in seq
   * order, leaving out entries expired at {@code nowMs}.
   */
  CompletableFuture<List<InboxEntry>> read(DeviceId device, long afterSeq, int limit, long nowMs);

  /**
   * Deletes every entry of the device's inbox with seq up to and including {@code upToSeq}. Completes
   * once written, without waiting for a sync of its own: it survives a crash of the process, and a
   * crash of the machine can undo it, which costs only a redelivery.
   */
  CompletableFuture<Void> ack(DeviceId device, long upToSeq);

  /**
   * Deletes the entries with seq in ({@code afterSeq}, {@code upToSeq}], where the caller knows that
   * an earlier ack covered everything up to {@code afterSeq}: a delivery connection's acks after its
   * first. The store may delete more (everything up to {@code upToSeq}).
   */
  default CompletableFuture<Void> ack(DeviceId device, long afterSeq, long upToSeq) {
    return ack(device, upToSeq);
  }

  /** The highest seq ever assigned in this device's inbox, 0 if none. */
  CompletableFuture<Long> lastSeq(DeviceId device);
}
