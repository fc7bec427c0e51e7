package dev.parley.server.cli.bench;

import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.sdk.AccountInfo;
import dev.parley.protocol.sdk.ConnectionState;
import dev.parley.protocol.sdk.CryptoStore;
import dev.parley.protocol.sdk.InboundMessage;
import dev.parley.protocol.sdk.MessageListener;
import dev.parley.protocol.sdk.ParleyClient;
import dev.parley.protocol.sdk.ResumptionStore;
import java.util.concurrent.CompletableFuture;

/**
 * A bench device backed by a {@link ParleyClient}. A reconnect is a new client on the same identity
 * and end-to-end state (an app restart): TLS, Hello, Login (with the resumption token the previous
 * client was given) and the device-list refresh.
 */
final class SdkDevice implements BenchDevice {
  private final SdkDriver driver;
  private final String username;
  private final IdentityKeyPair identity;
  private final CryptoStore store = CryptoStore.inMemory();
  /** Kept across clients, as an app keeps its token across restarts: a reconnect skips the signature. */
  private final ResumptionStore resumption = ResumptionStore.inMemory();
  private final BenchDriver.Inbox inbox;
  private final MessageListener listener;
  private volatile ParleyClient client;
  private volatile AccountInfo account;

  SdkDevice(SdkDriver driver, String username, IdentityKeyPair identity, BenchDriver.Inbox inbox) {
    this.driver = driver;
    this.username = username;
    this.identity = identity;
    this.inbox = inbox;
    this.listener = new MessageListener() {
      @Override
      public boolean onMessage(InboundMessage message) {
        inbox.onMessage(SdkDevice.this, message.body());
        return true;
      }
    };
  }

  CompletableFuture<Void> register() {
    client = driver.builder(identity, listener).cryptoStore(store).resumptionStore(resumption).build();
    return client.register(username, "bench").thenAccept(info -> account = info);
  }

  @Override
  public String username() {
    return username;
  }

  @Override
  public long userId() {
    return account.userId();
  }

  @Override
  public long deviceId() {
    return account.deviceId();
  }

  @Override
  public CompletableFuture<Void> send(BenchDevice to, byte[] body) {
    return client.send(to.username(), body).thenApply(r -> null);
  }

  @Override
  public CompletableFuture<Void> disconnect() {
    return driver.closeLater(client);
  }

  @Override
  public CompletableFuture<Void> reconnect() {
    ParleyClient next = driver.builder(identity, listener).cryptoStore(store).resumptionStore(resumption).build();
    client = next;
    return next.login(account.userId(), account.deviceId()).thenApply(info -> null);
  }

  @Override
  public boolean connected() {
    return client.state() == ConnectionState.AUTHENTICATED;
  }
}
