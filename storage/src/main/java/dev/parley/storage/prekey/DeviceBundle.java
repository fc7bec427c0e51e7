package dev.parley.storage.prekey;

import dev.parley.storage.account.DeviceId;
import java.util.Optional;

/**
 * Everything a sender needs to start a session with one device. {@code oneTimePrekey} is empty when
 * the device ran out; {@code kemPrekey} is the last-resort one when no one-time KEM prekey was left.
 * {@code remaining} is the stock after this fetch, so the server can tell the device to top up.
 */
public record DeviceBundle(
    DeviceId device,
    byte[] identityKey,
    IdentityDhRecord identityDh,
    SignedPrekeyRecord signedPrekey,
    Optional<OneTimePrekeyRecord> oneTimePrekey,
    KemPrekeyRecord kemPrekey,
    PrekeyCounts remaining) {

  public DeviceBundle {
    identityKey = identityKey.clone();
  }

  @Override
  public byte[] identityKey() {
    return identityKey.clone();
  }
}
