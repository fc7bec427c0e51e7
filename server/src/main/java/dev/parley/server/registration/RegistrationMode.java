package dev.parley.server.registration;

import java.util.Locale;
import java.util.Optional;

/** Who may create an account: anyone, holders of an invite code, or nobody. */
public enum RegistrationMode {
  OPEN,
  INVITE,
  CLOSED;

  /** The mode for "open", "invite" or "closed" (any case); empty for anything else. */
  public static Optional<RegistrationMode> parse(String raw) {
    if (raw == null) return Optional.empty();
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "open" -> Optional.of(OPEN);
      case "invite" -> Optional.of(INVITE);
      case "closed" -> Optional.of(CLOSED);
      default -> Optional.empty();
    };
  }

  /** As stored and shown: lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
