package dev.parley.server.cli.bench;

import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.sdk.ClientConfig;
import dev.parley.protocol.sdk.MessageListener;
import dev.parley.protocol.sdk.ParleyClient;
import dev.parley.protocol.sdk.ServerTrust;
import io.netty.channel.EventLoopGroup;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Bench devices that are real {@link ParleyClient}s sharing one event loop group: every send is
 * end-to-end encrypted for the recipient's device, every delivery decrypted, so the load generator
 * pays the client's crypto as an app would. Prekey uploads are kept to one key of each kind
 * ({@code prekeyBatch(1, 1)}) so registration measures the server, not client key generation.
 * {@link ParleyClient#close()} blocks, so disconnects run on a small pool of their own.
 */
final class SdkDriver implements BenchDriver {
  private final ClientConfig config;
  private final ServerTrust trust;
  private final EventLoopGroup group;
  private final SecureRandom random = new SecureRandom();
  private final ExecutorService closer = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "bench-sdk-close");
    t.setDaemon(true);
    return t;
  });

  SdkDriver(ClientConfig config, ServerTrust trust, EventLoopGroup group) {
    this.config = config;
    this.trust = trust;
    this.group = group;
  }

  @Override
  public String name() {
    return "sdk";
  }

  /** A client builder on the shared loops, with bench-sized prekey batches. */
  ParleyClient.Builder builder(IdentityKeyPair identity, MessageListener listener) {
    return ParleyClient.builder(config, identity).trust(trust).eventLoopGroup(group).listener(listener)
        .random(random).prekeyBatch(1, 1);
  }

  /**
   * A client builder as an app has it (the SDK's default prekey batches) on {@code loops}: for a
   * device whose own cost is what a scenario measures (group-start's poster).
   */
  ParleyClient.Builder appBuilder(IdentityKeyPair identity, MessageListener listener, EventLoopGroup loops) {
    return ParleyClient.builder(config, identity).trust(trust).eventLoopGroup(loops).listener(listener).random(random);
  }

  /** Closes {@code client} off the event loops; completes once closed. */
  CompletableFuture<Void> closeLater(ParleyClient client) {
    return CompletableFuture.runAsync(client::close, closer);
  }

  @Override
  public CompletableFuture<BenchDevice> register(String username, Inbox inbox) {
    SdkDevice device = new SdkDevice(this, username, IdentityKeyPair.generate(random), inbox);
    return device.register().thenApply(ignored -> device);
  }

  @Override
  public void close() {
    closer.shutdown();
    try {
      closer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
