package dev.parley.server.messaging;

import dev.parley.protocol.v1.DeviceMessage;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.server.refusal.Refusal;
import dev.parley.storage.account.Device;
import dev.parley.storage.account.DeviceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The rule that keeps end-to-end encryption honest about devices: a send carries exactly one copy
 * for each of the recipient's devices and each of the sender's other devices, so no device is
 * silently left out and the server never stores a copy for a device it cannot address.
 */
final class DeviceSets {
  private DeviceSets() {}

  static Optional<Refusal> mismatch(
      DeviceId sendingDevice, List<Device> theirs, List<Device> mine, List<DeviceMessage> given) {
    TreeSet<Long> expected = new TreeSet<>();
    theirs.forEach(d -> expected.add(d.id().value()));
    mine.forEach(d -> expected.add(d.id().value()));
    expected.remove(sendingDevice.value());
    if (expected.isEmpty()) {
      return Optional.of(Refusal.of(ErrorCode.INVALID_ARGUMENT, "no other device to deliver to"));
    }
    TreeSet<Long> present = new TreeSet<>();
    for (DeviceMessage m : given) {
      if (!present.add(m.getDeviceId())) {
        return Optional.of(Refusal.of(ErrorCode.INVALID_ARGUMENT, "two copies for device " + m.getDeviceId()));
      }
    }
    List<Long> missing = new ArrayList<>(expected);
    missing.removeAll(present);
    List<Long> extra = new ArrayList<>(present);
    extra.removeAll(expected);
    if (missing.isEmpty() && extra.isEmpty()) return Optional.empty();
    return Optional.of(Refusal.deviceMismatch(missing, extra));
  }
}
