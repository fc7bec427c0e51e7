package dev.parley.server.admin;

import java.util.Map;
import java.util.Optional;

/** A command's named arguments, with typed accessors that refuse bad input as {@link BadArgument}. */
record Args(Map<String, String> values) {
  Args {
    values = Map.copyOf(values);
  }

  String required(String name) {
    String v = values.get(name);
    if (v == null || v.isBlank()) throw new BadArgument("missing argument: " + name);
    return v;
  }

  Optional<String> optional(String name) {
    return Optional.ofNullable(values.get(name)).filter(v -> !v.isBlank());
  }

  long longValue(String name, long fallback, long min, long max) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) return fallback;
    try {
      long v = Long.parseLong(raw.get());
      if (v < min || v > max) throw new BadArgument(name + " must be in [" + min + ", " + max + "]");
      return v;
    } catch (NumberFormatException e) {
      throw new BadArgument(name + " is not a number: " + raw.get());
    }
  }

  long requiredLong(String name, long min, long max) {
    required(name);
    return longValue(name, 0, min, max);
  }

  double requiredDouble(String name) {
    String raw = required(name);
    try {
      return Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw new BadArgument(name + " is not a number: " + raw);
    }
  }
}
