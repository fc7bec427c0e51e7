package dev.parley.server.admin;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every admin command by name, and whether it changes something (and so goes to the audit log). */
final class CommandTable {
  record Entry(Command command, boolean changes) {}

  private final Map<String, Entry> entries = new TreeMap<>();

  CommandTable reads(String name, Command command) {
    return add(name, new Entry(command, false));
  }

  CommandTable changes(String name, Command command) {
    return add(name, new Entry(command, true));
  }

  private CommandTable add(String name, Entry entry) {
    if (entries.putIfAbsent(name, entry) != null) throw new IllegalStateException("command twice: " + name);
    return this;
  }

  Optional<Entry> find(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  Iterable<String> names() {
    return entries.keySet();
  }
}
