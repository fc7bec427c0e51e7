package dev.parley.storage.group;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A group name in canonical form: 3-64 characters of {@code [a-z0-9_.-]}. Names are unique
 * case-insensitively, so the canonical form is the lower-cased input.
 */
public record GroupName(String value) {
  public static final int MAX_LENGTH = 64;
  private static final Pattern VALID = Pattern.compile("[a-z0-9_.-]{3,64}");

  public GroupName {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException("not a canonical group name");
    }
  }

  /** The canonical name for user input, or empty when the input is not a valid group name. */
  public static Optional<GroupName> parse(String raw) {
    if (raw == null || raw.length() > MAX_LENGTH) return Optional.empty();
    String lower = raw.toLowerCase(Locale.ROOT);
    return VALID.matcher(lower).matches() ? Optional.of(new GroupName(lower)) : Optional.empty();
  }

  @Override
  public String toString() {
    return value;
  }
}
