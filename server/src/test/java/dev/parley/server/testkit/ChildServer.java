package dev.parley.server.testkit;

import dev.parley.crypto.tls.CertificateFingerprint;
import dev.parley.protocol.sdk.ServerAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Parley server in a child JVM ({@code parley serve}), started exactly as an operator would, so a
 * test can kill it with SIGKILL mid-write and start it again on the same data directory.
 */
public final class ChildServer implements ServerEndpoint, AutoCloseable {
  private static final Pattern READY = Pattern.compile("parley: ready on (\\S+):(\\d+) fingerprint ([0-9a-f]{64})");

  private final Process process;
  private final ServerAddress address;
  private final CertificateFingerprint fingerprint;

  private ChildServer(Process process, ServerAddress address, CertificateFingerprint fingerprint) {
    this.process = process;
    this.address = address;
    this.fingerprint = fingerprint;
  }

  /** Starts {@code parley serve} on {@code dataDir} and port 0; returns once it is ready. */
  public static ChildServer start(Path dataDir) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(JvmFlags.forChild());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.parley.server.cli.ParleyCommand",
        "serve", "--host", "127.0.0.1", "--port", "0", "--metrics-port", "0", "--data", dataDir.toString()));
    // The child's log, kept for diagnosis next to the other test logs.
    java.nio.file.Path log = java.nio.file.Path.of("target", "test-logs", "child-server-" + ProcessHandle.current().pid()
        + "-" + System.nanoTime() + ".log");
    java.nio.file.Files.createDirectories(log.getParent());
    Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    CompletableFuture<Matcher> ready = CompletableFuture.supplyAsync(() -> awaitReady(p));
    try {
      Matcher m = ready.get(60, TimeUnit.SECONDS);
      return new ChildServer(p, new ServerAddress(m.group(1), Integer.parseInt(m.group(2))),
          CertificateFingerprint.parse(m.group(3)));
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
  }

  private static Matcher awaitReady(Process p) {
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        Matcher m = READY.matcher(line);
        if (m.find()) return m;
      }
      throw new IllegalStateException("server exited before it was ready, status " + p.waitFor());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SIGKILL: no shutdown hook, no flush, no clean close of RocksDB. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then waits for the graceful shutdown; returns the exit status. */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("server did not stop on SIGTERM");
    return process.exitValue();
  }

  @Override
  public ServerAddress address() {
    return address;
  }

  @Override
  public CertificateFingerprint fingerprint() {
    return fingerprint;
  }

  @Override
  public void close() {
    try {
      if (process.isAlive()) kill();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
