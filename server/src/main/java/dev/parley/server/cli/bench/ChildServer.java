package dev.parley.server.cli.bench;

import dev.parley.crypto.tls.CertificateFingerprint;
import dev.parley.protocol.sdk.ServerAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code parley serve} in a child JVM on 127.0.0.1, port 0, a fresh data directory and the given
 * config file, started as an operator would start it. Its stderr (the server log) goes to
 * {@code server.log} in the data directory. Closing it sends SIGTERM, then SIGKILL after 15 s.
 */
final class ChildServer implements TargetServer {
  private static final Pattern READY = Pattern.compile("parley: ready on (\\S+):(\\d+) fingerprint ([0-9a-f]{64})");

  private final Process process;
  private final ServerAddress address;
  private final CertificateFingerprint fingerprint;
  private final Path dataDir;

  private ChildServer(Process process, ServerAddress address, CertificateFingerprint fingerprint, Path dataDir) {
    this.process = process;
    this.address = address;
    this.fingerprint = fingerprint;
    this.dataDir = dataDir;
  }

  /** Starts the server and returns once it printed its ready line (at most 60 s). */
  static ChildServer start(Path dataDir, Path config, List<String> extraJvmOptions) throws Exception {
    Files.createDirectories(dataDir);
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(inheritedJvmFlags());
    cmd.addAll(extraJvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.parley.server.cli.ParleyCommand",
        "serve", "--host", "127.0.0.1", "--port", "0", "--data", dataDir.toString()));
    if (config != null) cmd.addAll(List.of("--config", config.toString()));
    Process p = new ProcessBuilder(cmd).redirectError(dataDir.resolve("server.log").toFile()).start();
    CompletableFuture<Matcher> ready = CompletableFuture.supplyAsync(() -> awaitReady(p));
    try {
      Matcher m = ready.get(60, TimeUnit.SECONDS);
      return new ChildServer(p, new ServerAddress(m.group(1), Integer.parseInt(m.group(2))),
          CertificateFingerprint.parse(m.group(3)), dataDir);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IllegalStateException("the bench server did not start; see " + dataDir.resolve("server.log"), e);
    }
  }

  /**
   * The flags this JVM was given that a server needs too (native access, Unsafe), never this JVM's
   * tuning: scripts/parley may start client commands with C1 only, which would slow the server.
   */
  private static List<String> inheritedJvmFlags() {
    List<String> out = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--sun-misc-unsafe-memory-access") || a.startsWith("--enable-native-access")
          || a.startsWith("--add-opens") || a.startsWith("-Dio.netty.leakDetection")) {
        out.add(a);
      }
    }
    return out;
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

  @Override
  public ServerAddress address() {
    return address;
  }

  @Override
  public CertificateFingerprint fingerprint() {
    return fingerprint;
  }

  @Override
  public OptionalLong pid() {
    return OptionalLong.of(process.pid());
  }

  @Override
  public String description() {
    return "child process `parley serve` (pid " + process.pid() + ", data " + dataDir + ")";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
