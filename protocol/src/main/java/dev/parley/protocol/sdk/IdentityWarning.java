package dev.parley.protocol.sdk;

/**
 * Something changed about a peer's devices since this device first met them: a device it has never
 * seen, or a known device presenting another identity key. Either may be innocent (a new phone) or
 * an attack; the user should compare safety numbers ({@link ParleyClient#safetyNumbers}).
 */
public record IdentityWarning(long userId, String username, long deviceId, Kind kind) {
  public enum Kind {
    NEW_DEVICE,
    KEY_CHANGED
  }
}
