package dev.parley.storage.account;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A username in canonical form: 3-32 characters of {@code [a-z0-9_.]}. Usernames are unique
 * case-insensitively, so the canonical form is the lower-cased input.
 */
public record Username(String value) {
  private static final Pattern VALID = Pattern.compile("[a-z0-9_.]{3,32}");

  public Username {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException("not a canonical username");
    }
  }

  /** The canonical username for user input, or empty when the input is not a valid username. */
  public static Optional<Username> parse(String raw) {
    if (raw == null || raw.length() > 32) return Optional.empty();
    String lower = raw.toLowerCase(Locale.ROOT);
    return VALID.matcher(lower).matches() ? Optional.of(new Username(lower)) : Optional.empty();
  }

  @Override
  public String toString() {
    return value;
  }
}
