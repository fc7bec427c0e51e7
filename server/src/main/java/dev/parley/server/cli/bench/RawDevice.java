package dev.parley.server.cli.bench;

import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.protocol.v1.UploadPrekeys;
import io.netty.channel.ChannelHandler;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A bench device on a {@link RawSession}; a reconnect is a new TLS connection and a Login with the
 * resumption token of the previous one.
 */
final class RawDevice implements BenchDevice, RawSession.Events {
  private final RawDriver driver;
  private final String username;
  private final IdentityKeyPair identity;
  private final BenchDriver.Inbox inbox;
  private final Function<RawDevice, ChannelHandler> pushes;
  private volatile RawSession session;
  private volatile long userId;
  private volatile long deviceId;

  /** {@code pushes} makes the extra handler of each of its connections, or returns null for none. */
  /** The first prekey upload, sent once registered; dropped after. */
  private volatile UploadPrekeys upload;

  RawDevice(RawDriver driver, String username, IdentityKeyPair identity, BenchDriver.Inbox inbox,
      Function<RawDevice, ChannelHandler> pushes, UploadPrekeys upload) {
    this.driver = driver;
    this.upload = upload;
    this.username = username;
    this.identity = identity;
    this.inbox = inbox;
    this.pushes = pushes;
  }

  CompletableFuture<Void> register() {
    session = driver.open(new RawSession.Auth.Register(username, identity), this, pushes.apply(this));
    return session.ready().thenCompose(ids -> {
      userId = ids[0];
      deviceId = ids[1];
      UploadPrekeys first = upload;
      upload = null;
      if (first == null) return CompletableFuture.completedFuture(null);
      return session.request(ClientFrame.newBuilder().setUploadPrekeys(first)).thenApply(stored -> (Void) null);
    });
  }

  @Override
  public void onDeliver(byte[] body) {
    inbox.onMessage(this, body);
  }

  @Override
  public String username() {
    return username;
  }

  @Override
  public long userId() {
    return userId;
  }

  @Override
  public long deviceId() {
    return deviceId;
  }

  @Override
  public CompletableFuture<Void> send(BenchDevice to, byte[] body) {
    byte[] clientMsgId = new byte[16];
    java.util.concurrent.ThreadLocalRandom.current().nextBytes(clientMsgId);
    return session.send(to.userId(), to.deviceId(), clientMsgId, body);
  }

  /** Any other request on the current session; completes with the server's answer (see {@link RawSession#request}). */
  CompletableFuture<ServerFrame> request(ClientFrame.Builder frame) {
    return session.request(frame);
  }

  /** The device's identity key, for what it must sign (group posts). */
  IdentityKeyPair identity() {
    return identity;
  }

  @Override
  public CompletableFuture<Void> disconnect() {
    return session.close();
  }

  @Override
  public CompletableFuture<Void> reconnect() {
    // The token of the last login, as the SDK keeps it: the server checks an HMAC, not a signature.
    byte[] token = session == null ? null : session.resumptionToken();
    session = driver.open(new RawSession.Auth.Login(userId, deviceId, identity, token), this, pushes.apply(this));
    return session.ready().thenApply(ids -> null);
  }

  @Override
  public boolean connected() {
    RawSession s = session;
    return s != null && s.authenticated();
  }
}
