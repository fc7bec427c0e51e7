package dev.parley.storage.inbox;

import dev.parley.storage.account.DeviceId;

/** One message at position {@code seq} of a device's inbox. */
public record InboxEntry(DeviceId device, long seq, Envelope envelope) {}
