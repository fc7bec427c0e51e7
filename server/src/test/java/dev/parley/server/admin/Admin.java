package dev.parley.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.cli.ParleyCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs {@code parley admin ... --json} in this JVM through the real command line and the real admin
 * socket, and parses what it prints (a --json output that does not parse fails the test).
 */
final class Admin {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dataDir;

  Admin(Path dataDir) {
    this.dataDir = dataDir;
  }

  record Result(int exit, JsonNode json, String err) {}

  Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("admin"));
    all.addAll(List.of(args));
    if (!all.get(1).equals("restore")) all.addAll(List.of("--data", dataDir.toString()));
    all.add("--json");
    return exec(all.toArray(String[]::new));
  }

  static Result exec(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = ParleyCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    String printed = out.toString().strip();
    try {
      return new Result(exit, printed.isEmpty() ? null : JSON.readTree(printed), err.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("--json output does not parse: " + printed, e);
    }
  }

  /** Runs and requires exit 0; returns the parsed result. */
  JsonNode ok(String... args) {
    Result r = run(args);
    if (r.exit() != 0) throw new AssertionError("admin " + String.join(" ", args) + " exited " + r.exit() + ": " + r.err());
    return r.json();
  }
}
