package dev.parley.server.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@code parley ...} in a child JVM exactly as a user would, capturing output and status. */
public final class Cli {
  private Cli() {}

  public record Result(int exit, String out, String err) {
    public List<String> lines() {
      return out.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  public static Result run(String stdin, Path cwd, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(JvmFlags.forShortLivedChild());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.parley.server.cli.ParleyCommand"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    pb.environment().remove("PARLEY_HOME");
    Process p = pb.start();
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try (var in = p.getOutputStream()) {
      if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("parley " + String.join(" ", args) + " did not finish");
    }
    return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
  }

  /** On a thread of its own: the common pool may have one worker, and commands may run side by side. */
  private static CompletableFuture<String> drain(java.io.InputStream s) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return new String(s.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }, task -> Thread.ofPlatform().daemon().name("cli-drain").start(task));
  }
}
