package dev.parley.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON line per command that changes something: when, who (the operator name the CLI
 * sent and the peer uid the kernel reported), which command with which arguments, and the outcome.
 * Never message contents: a notice's text is recorded as its length. Lines are written in order on
 * one thread of their own; the file is 0600.
 */
final class AuditLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
  /** Arguments whose value is content or a credential, recorded only as their length. */
  private static final Set<String> REDACTED = Set.of("text", "token", "identity-key");

  private final Path file;
  private final Clock clock;
  private final ObjectMapper json;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("parley-audit").daemon(true).unstarted(r));

  AuditLog(Path file, Clock clock, ObjectMapper json) {
    this.file = file;
    this.clock = clock;
    this.json = json;
  }

  Path file() {
    return file;
  }

  void record(String operator, String peer, String command, Map<String, String> args, String outcome) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", Instant.ofEpochMilli(clock.millis()).toString());
    line.put("operator", operator);
    line.put("peer", peer);
    line.put("command", command);
    Map<String, String> shown = new LinkedHashMap<>();
    args.forEach((k, v) -> shown.put(k, REDACTED.contains(k) ? "<" + v.length() + " chars>" : v));
    line.put("args", shown);
    line.put("outcome", outcome);
    writer.execute(() -> append(line));
  }

  private void append(Map<String, Object> line) {
    try {
      if (!Files.exists(file)) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(
          file, json.writeValueAsString(line) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      log.error("cannot write the audit log {}", file, e);
    }
  }

  /** Waits for the lines already recorded to reach the file. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
