package dev.parley.server.cli.bench;

import java.util.concurrent.CompletableFuture;

/** Creates bench devices: through the SDK, or through raw protocol frames (server-only cost). */
interface BenchDriver extends AutoCloseable {
  /** Registers a new account {@code username} with one device whose deliveries go to {@code inbox}. */
  CompletableFuture<BenchDevice> register(String username, Inbox inbox);

  /** "sdk" or "raw", for the report. */
  String name();

  /** Where 1:1 deliveries of a device go; called on the device's event loop. */
  @FunctionalInterface
  interface Inbox {
    /** {@code body} is the plaintext (SDK) or the opaque device payload (raw) the sender sent. */
    void onMessage(BenchDevice at, byte[] body);

    Inbox DROP = (at, body) -> {};
  }

  @Override
  void close();
}
