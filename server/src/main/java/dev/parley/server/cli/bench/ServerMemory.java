package dev.parley.server.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's memory, seen from outside: resident set size from /proc, and the Java heap in use
 * right after a full GC ({@code jcmd PID GC.run}, then {@code GC.heap_info}), which separates live
 * objects from heap the JVM merely reserved. jcmd comes from this JVM's JDK and must run as the
 * server's user.
 */
final class ServerMemory {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private ServerMemory() {}

  record Sample(long rssBytes, long heapUsedBytes, long fds) {}

  static Sample sample(long pid) {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    Matcher m = USED.matcher(info);
    long heap = m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    return new Sample(ProcStats.rssBytes(pid).orElse(-1), heap, ProcStats.openFds(pid).orElse(-1));
  }

  private static String jcmd(long pid, String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
