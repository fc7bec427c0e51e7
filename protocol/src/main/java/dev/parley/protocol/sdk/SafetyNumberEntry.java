package dev.parley.protocol.sdk;

/**
 * The safety number of this device and one of a peer's devices: the same 60 digits on both
 * devices exactly when each holds the other's real identity key.
 */
public record SafetyNumberEntry(long peerDeviceId, String peerDeviceName, String safetyNumber) {}
