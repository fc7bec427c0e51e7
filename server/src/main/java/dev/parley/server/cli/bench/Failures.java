package dev.parley.server.cli.bench;

import dev.parley.protocol.sdk.ConnectionException;
import dev.parley.protocol.sdk.ParleyException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;

/** Failed operations counted by kind: the server's error code, or "connection" for a lost one. */
final class Failures {
  private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();

  void add(Throwable t) {
    byKind.computeIfAbsent(kind(t), k -> new LongAdder()).increment();
  }

  void add(String kind) {
    byKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  long count(String kind) {
    LongAdder a = byKind.get(kind);
    return a == null ? 0 : a.sum();
  }

  long total() {
    return byKind.values().stream().mapToLong(LongAdder::sum).sum();
  }

  Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    byKind.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Not a failure of the server: the load generator had nothing to run the operation with. */
  static final String SKIPPED = "skipped (load generator)";

  /** {@code t} without the CompletionException and ExecutionException wrappers futures add. */
  static Throwable rootCause(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
    return t;
  }

  static String kind(Throwable t) {
    t = rootCause(t);
    if (t instanceof java.util.concurrent.CancellationException) return SKIPPED;
    if (t instanceof ParleyException p) return p.code().name();
    if (t instanceof ConnectionException || t instanceof IllegalStateException) return "connection";
    if (t instanceof java.util.concurrent.TimeoutException) return "timeout";
    return t.getClass().getSimpleName();
  }
}
