package dev.parley.storage.inbox;

import dev.parley.storage.account.DeviceId;

/** One device's copy of a message: end-to-end encrypted for that device alone, opaque to the server. */
public record DeviceCopy(DeviceId device, byte[] body) {
  public DeviceCopy {
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }
}
