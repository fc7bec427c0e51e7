package dev.parley.storage.rocks;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.inbox.Envelope;
import dev.parley.storage.inbox.InboxEntry;
import dev.parley.storage.inbox.InboxStore;
import dev.parley.storage.inbox.OutgoingMessage;
import dev.parley.storage.inbox.StoredMessage;
import dev.parley.storage.rocks.disk.EnvelopeRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/** Per-device inboxes: appends and acks through the commit stage, reads on the read stage. */
final class RocksInboxStore implements InboxStore {
  /** Acks spanning more seqs than this delete one range instead of each key. */
  static final int MAX_POINT_DELETES = 256;

  private final Database db;
  private final CommitStage commits;
  private final ReadStage reads;
  private final long dedupWindowMs;

  RocksInboxStore(Database db, CommitStage commits, ReadStage reads, long dedupWindowMs) {
    this.db = db;
    this.commits = commits;
    this.reads = reads;
    this.dedupWindowMs = dedupWindowMs;
  }

  @Override
  public CompletableFuture<StoredMessage> append(OutgoingMessage message) {
    Objects.requireNonNull(message.sender(), "sender");
    Objects.requireNonNull(message.senderDevice(), "senderDevice");
    Objects.requireNonNull(message.senderUsername(), "senderUsername");
    Objects.requireNonNull(message.recipient(), "recipient");
    Objects.requireNonNull(message.clientMsgId(), "clientMsgId");
    message.copies().forEach(c -> Objects.requireNonNull(c.device(), "copy device"));
    if (message.expiresAtMs() < 0) throw new IllegalArgumentException("expiresAtMs < 0: " + message.expiresAtMs());
    return commits.submit(new AppendOp(message, dedupWindowMs));
  }

  @Override
  public CompletableFuture<List<InboxEntry>> read(DeviceId device, long afterSeq, int limit, long nowMs) {
    Objects.requireNonNull(device, "device");
    if (afterSeq < 0) throw new IllegalArgumentException("afterSeq < 0: " + afterSeq);
    if (limit < 1) throw new IllegalArgumentException("limit < 1: " + limit);
    if (afterSeq == Long.MAX_VALUE) return reads.submit(List::of);
    return reads.submit(() -> entries(device, afterSeq, limit, nowMs));
  }

  private List<InboxEntry> entries(DeviceId device, long afterSeq, int limit, long nowMs) throws RocksDBException {
    byte[] prefix = Keys.device(device);
    List<InboxEntry> entries = new ArrayList<>(Math.min(limit, 256));
    // The upper bound keeps the iterator inside this device's keys (and lets the prefix bloom filter
    // of the inbox family apply). Closed in reverse order: iterator, options, bound.
    try (Slice upper = new Slice(Keys.prefixEnd(prefix));
        ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
        RocksIterator it = db.iterator(Family.INBOX, options)) {
      UserId owner = null; // looked up only for entries stored before they named their recipient
      for (it.seek(Keys.inbox(device, afterSeq + 1)); it.isValid() && entries.size() < limit; it.next()) {
        EnvelopeRecord stored = Records.envelopeRecord(it.value());
        if (stored.getRecipientUserId() == 0 && owner == null) owner = owner(device);
        Envelope envelope = Records.envelope(stored, owner);
        // Expired but not yet swept: the sweeper deletes it later; nobody may read it now.
        if (envelope.expiredAt(nowMs)) continue;
        entries.add(new InboxEntry(device, Keys.inboxSeq(it.key()), envelope));
      }
      it.status();
    }
    return entries;
  }

  /** The user the device belongs to; null when it has none (never registered, or removed). */
  private UserId owner(DeviceId device) throws RocksDBException {
    byte[] user = db.get(Family.DEVICE_INDEX, Keys.device(device));
    return user == null ? null : new UserId(Keys.decodeLong(user));
  }

  @Override
  public CompletableFuture<Void> ack(DeviceId device, long upToSeq) {
    Objects.requireNonNull(device, "device");
    if (upToSeq < 0) throw new IllegalArgumentException("upToSeq < 0: " + upToSeq);
    byte[] from = Keys.inbox(device, 0);
    // One range tombstone however many entries; for the largest seq the range runs to the next device.
    byte[] to = upToSeq == Long.MAX_VALUE ? Keys.prefixEnd(Keys.device(device)) : Keys.inbox(device, upToSeq + 1);
    // Expiry entries of acked messages stay until due; the sweeper tolerates their missing targets.
    return commits.submit(CommitOp.unsynced(
        round -> {
          round.deleteRange(Family.INBOX, from, to);
          return null;
        }));
  }

  /**
   * Short spans are deleted key by key: a live conversation acks every few messages, and one range
   * tombstone per ack piles up thousands of them in the memtable, which every later read of any
   * inbox has to fragment and skip. Long spans (a first ack, a drained backlog) take one range.
   */
  @Override
  public CompletableFuture<Void> ack(DeviceId device, long afterSeq, long upToSeq) {
    Objects.requireNonNull(device, "device");
    if (upToSeq < 0) throw new IllegalArgumentException("upToSeq < 0: " + upToSeq);
    if (afterSeq < 0 || upToSeq - afterSeq > MAX_POINT_DELETES) return ack(device, upToSeq);
    if (upToSeq <= afterSeq) return CompletableFuture.completedFuture(null);
    return commits.submit(CommitOp.unsynced(
        round -> {
          for (long seq = afterSeq + 1; seq <= upToSeq; seq++) round.delete(Family.INBOX, Keys.inbox(device, seq));
          return null;
        }));
  }

  @Override
  public CompletableFuture<Long> lastSeq(DeviceId device) {
    Objects.requireNonNull(device, "device");
    // inbox_seq is written in the same batch as the entries, and futures complete only after that
    // write, so any append the caller has seen complete is reflected here.
    return reads.submit(
        () -> {
          byte[] stored = db.get(Family.INBOX_SEQ, Keys.device(device));
          return stored == null ? 0L : Keys.decodeLong(stored);
        });
  }
}
