package dev.parley.protocol.sdk;

import com.google.protobuf.ByteString;
import dev.parley.crypto.group.SenderKeyRecord;
import dev.parley.crypto.group.SenderKeyState;
import dev.parley.protocol.sdk.Keyring.DeviceAddress;
import dev.parley.protocol.sdk.e2e.proto.DeviceState;
import dev.parley.protocol.sdk.e2e.proto.SenderKeysDevice;
import dev.parley.protocol.sdk.e2e.proto.SenderKeysOwn;
import dev.parley.protocol.sdk.e2e.proto.SenderKeysPeer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A device's sender keys: per group, its own {@link SenderKeyState} and the member devices it gave
 * that key to; per (group, member device), the {@link SenderKeyRecord} that reads that device's
 * posts. Part of the {@link Keyring}: saved with it, in the same atomic {@link CryptoStore#save}, so a
 * crash never leaves a sender key out of step with the sessions that carried it. Confined to the
 * client's event loop.
 */
final class GroupKeys {
  /** This device's current sender key in one group, and who has it. */
  static final class Own {
    final SenderKeyState state;
    final Set<DeviceAddress> givenTo = new LinkedHashSet<>();

    Own(SenderKeyState state) {
      this.state = state;
    }
  }

  /** Whose posts a record reads: one member device in one group. */
  record Sender(long groupId, long userId, long deviceId) {}

  private final Map<Long, Own> own = new HashMap<>();
  private final Map<Sender, SenderKeyRecord> records = new HashMap<>();
  /**
   * Groups this device has seen to be end-to-end. The server decides a group's mode at creation and
   * says it with every member list; remembering it means a server that later calls such a group
   * "not end-to-end" (to be sent posts it can read) is refused, trust on first use as for keys.
   */
  private final Set<Long> endToEnd = new LinkedHashSet<>();

  /** Records that {@code groupId} is end-to-end; true if this device did not know it yet. */
  boolean markEndToEnd(long groupId) {
    return endToEnd.add(groupId);
  }

  boolean isEndToEnd(long groupId) {
    return endToEnd.contains(groupId);
  }

  Optional<Own> own(long groupId) {
    return Optional.ofNullable(own.get(groupId));
  }

  /** Replaces this device's sender key in {@code groupId}: nobody has the new one yet. */
  Own rotate(long groupId, SenderKeyState state) {
    Own fresh = new Own(state);
    own.put(groupId, fresh);
    return fresh;
  }

  Optional<SenderKeyRecord> record(Sender sender) {
    return Optional.ofNullable(records.get(sender));
  }

  /** The record for {@code sender}, created empty if there is none. */
  SenderKeyRecord recordFor(Sender sender) {
    return records.computeIfAbsent(sender, s -> new SenderKeyRecord());
  }

  void putRecord(Sender sender, SenderKeyRecord record) {
    records.put(sender, record);
  }

  void writeTo(DeviceState.Builder s) {
    own.forEach((group, o) -> {
      SenderKeysOwn.Builder b = SenderKeysOwn.newBuilder().setGroupId(group).setState(ByteString.copyFrom(o.state.toBytes()));
      o.givenTo.forEach(d -> b.addGivenTo(SenderKeysDevice.newBuilder().setUserId(d.userId()).setDeviceId(d.deviceId())));
      s.addOwnSenderKeys(b);
    });
    records.forEach((k, r) -> s.addPeerSenderKeys(SenderKeysPeer.newBuilder()
        .setGroupId(k.groupId()).setUserId(k.userId()).setDeviceId(k.deviceId()).setRecord(ByteString.copyFrom(r.toBytes()))));
    s.addAllEndToEndGroups(endToEnd);
  }

  /** Reads what {@link #writeTo} wrote; malformed state throws {@link IllegalArgumentException}. */
  static GroupKeys readFrom(DeviceState s) {
    GroupKeys keys = new GroupKeys();
    for (SenderKeysOwn o : s.getOwnSenderKeysList()) {
      Own restored = new Own(SenderKeyState.fromBytes(o.getState().toByteArray()));
      o.getGivenToList().forEach(d -> restored.givenTo.add(new DeviceAddress(d.getUserId(), d.getDeviceId())));
      keys.own.put(o.getGroupId(), restored);
    }
    for (SenderKeysPeer p : s.getPeerSenderKeysList()) {
      keys.records.put(new Sender(p.getGroupId(), p.getUserId(), p.getDeviceId()),
          SenderKeyRecord.fromBytes(p.getRecord().toByteArray()));
    }
    keys.endToEnd.addAll(s.getEndToEndGroupsList());
    return keys;
  }
}
