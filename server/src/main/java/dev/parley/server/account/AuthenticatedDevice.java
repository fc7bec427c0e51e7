package dev.parley.server.account;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.account.Username;

/** Who a connection is, once it has proved it holds the device's identity key. */
public record AuthenticatedDevice(UserId user, DeviceId device, Username username, String deviceName, long createdAtMs) {}
