package dev.parley.server.delivery;

import dev.parley.protocol.v1.ServerFrame;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.inbox.InboxEntry;
import dev.parley.storage.inbox.InboxStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A device's 1:1 inbox: acknowledged entries are deleted. */
public record InboxSource(InboxStore inbox, DeviceId device) implements LogSource<InboxEntry> {
  @Override
  public CompletableFuture<List<InboxEntry>> read(long afterSeq, int limit, long nowMs) {
    return inbox.read(device, afterSeq, limit, nowMs);
  }

  @Override
  public CompletableFuture<?> acknowledge(long afterSeq, long upToSeq) {
    // The first ack of a connection (afterSeq 0) deletes from the start, in case an earlier
    // connection's last ack was lost.
    return afterSeq == 0 ? inbox.ack(device, upToSeq) : inbox.ack(device, afterSeq, upToSeq);
  }

  @Override
  public long seq(InboxEntry entry) {
    return entry.seq();
  }

  @Override
  public ServerFrame frame(InboxEntry entry, long prevSeq) {
    return WireEnvelopes.deliver(entry, prevSeq);
  }

  @Override
  public String toString() {
    return "inbox of device " + device;
  }
}
