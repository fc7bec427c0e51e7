package dev.parley.server.group;

import dev.parley.protocol.v1.ServerFrame;
import dev.parley.server.delivery.LogSource;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupEntry;
import dev.parley.storage.group.GroupRead;
import dev.parley.storage.group.GroupStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A group's log as one member device reads it: from its cursor, never before the member joined;
 * acknowledging moves the device's cursor (the log itself is shared and stays).
 */
public record GroupSource(GroupStore groups, Group group, UserId reader, DeviceId device) implements LogSource<GroupEntry> {
  @Override
  public CompletableFuture<List<GroupEntry>> read(long afterSeq, int limit, long nowMs) {
    return groups.read(group.id(), reader, afterSeq, limit, nowMs).thenApply(r -> switch (r) {
      case GroupRead.Entries e -> e.entries();
      case GroupRead.NotMember n -> List.of(); // removed meanwhile: the router detaches this pump
    });
  }

  @Override
  public CompletableFuture<?> acknowledge(long afterSeq, long upToSeq) {
    return groups.advanceCursor(device, group.id(), upToSeq);
  }

  @Override
  public long seq(GroupEntry entry) {
    return entry.seq();
  }

  @Override
  public ServerFrame frame(GroupEntry entry, long prevSeq) {
    return GroupFrames.deliver(group, entry, prevSeq);
  }

  @Override
  public String toString() {
    return "group " + group.id() + " for device " + device;
  }
}
