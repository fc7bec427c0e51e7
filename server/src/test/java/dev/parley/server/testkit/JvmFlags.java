package dev.parley.server.testkit;

import java.util.ArrayList;
import java.util.List;

/** JVM flags for child processes: the ones the launcher passes, so children run as in production. */
public final class JvmFlags {
  private JvmFlags() {}

  public static List<String> forChild() {
    List<String> flags = new ArrayList<>();
    if (Runtime.version().feature() >= 24) {
      flags.add("--sun-misc-unsafe-memory-access=allow");
      flags.add("--enable-native-access=ALL-UNNAMED");
    }
    flags.add("-Xmx512m");
    return flags;
  }

  /** For short-lived client commands: start fast (as scripts/parley does for them). */
  public static List<String> forShortLivedChild() {
    List<String> flags = forChild();
    flags.add("-XX:TieredStopAtLevel=1");
    flags.add("-XX:+UseSerialGC");
    return flags;
  }
}
