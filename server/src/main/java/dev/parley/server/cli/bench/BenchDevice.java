package dev.parley.server.cli.bench;

import java.util.concurrent.CompletableFuture;

/**
 * One registered bench device, driven through the SDK ({@link SdkDriver}) or raw frames
 * ({@link RawDriver}). Methods may be called from any thread; futures complete on the device's
 * event loop, so callers must not block in them.
 */
interface BenchDevice {
  String username();

  long userId();

  long deviceId();

  /** Sends {@code body} to {@code to}'s device; completes once the server acknowledged it (SendAck). */
  CompletableFuture<Void> send(BenchDevice to, byte[] body);

  /** Drops the connection; completes once it is closed. The device can {@link #reconnect} later. */
  CompletableFuture<Void> disconnect();

  /** Logs in again as the same device; completes once authenticated and usable. */
  CompletableFuture<Void> reconnect();

  /** Whether the device has a usable session now. */
  boolean connected();
}
