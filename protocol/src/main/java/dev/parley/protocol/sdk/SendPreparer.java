package dev.parley.protocol.sdk;

import com.google.protobuf.ByteString;
import dev.parley.crypto.session.InvalidBundleException;
import dev.parley.protocol.sdk.Keyring.DeviceAddress;
import dev.parley.protocol.sdk.e2e.proto.Content;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.DeviceMessage;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.FetchPrekeys;
import dev.parley.protocol.v1.PrekeyBundle;
import dev.parley.protocol.v1.PrekeyBundles;
import dev.parley.protocol.v1.Send;
import dev.parley.protocol.v1.ServerFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns a pending send into a Send frame: makes sure a session exists with every device of the
 * recipient and every other device of this account (fetching prekey bundles where one is missing),
 * then encrypts the body once per device. After a DEVICE_MISMATCH it drops the devices the server
 * called extra and fetches bundles for the missing ones before encrypting again. It only marks the
 * keyring changed: whoever writes the frames saves it before flushing them ({@link SendPump}), so a
 * ciphertext never leaves before the ratchet step that made it is durable. Confined to the client's
 * event loop; requests go through {@code request}.
 */
final class SendPreparer {
  private final Keyring keyring;
  private final Sealer sealer;
  private final Function<ClientFrame.Builder, CompletableFuture<ServerFrame>> request;
  private final Consumer<IdentityWarning> warnings;

  SendPreparer(
      Keyring keyring, Sealer sealer, Function<ClientFrame.Builder, CompletableFuture<ServerFrame>> request,
      Consumer<IdentityWarning> warnings) {
    this.keyring = keyring;
    this.sealer = sealer;
    this.request = request;
    this.warnings = warnings;
  }

  /** What the server said was wrong with the last attempt's device set. */
  record Mismatch(List<Long> missing, List<Long> extra) {}

  /** The frame for {@code body} to {@code recipient}, from {@code me}, after fixing {@code mismatch}. */
  CompletableFuture<Send> prepare(
      AccountInfo me, String recipient, byte[] clientMsgId, Content body, Duration ttl, Mismatch mismatch) {
    CompletableFuture<Long> recipientId = recipientSessions(me, recipient);
    return recipientId
        .thenCompose(to -> fixMismatch(me, to, mismatch).thenApply(ignored -> to))
        .thenCompose(to -> ownSessions(me).thenApply(ignored -> to))
        .thenApply(to -> seal(me, to, recipient, clientMsgId, body, ttl));
  }

  /** The recipient's user id, with a session for each of their devices this device knows. */
  private CompletableFuture<Long> recipientSessions(AccountInfo me, String recipient) {
    var known = keyring.peerNamed(recipient);
    if (known.isPresent() && !known.get().devices.isEmpty()) {
      long id = known.get().userId;
      List<Long> lacking = lackingSessions(me, id, keyring.knownDevices(id));
      if (lacking.isEmpty()) return CompletableFuture.completedFuture(id);
      return fetch(me, FetchPrekeys.newBuilder().setUserId(id).addAllDeviceIds(lacking)).thenApply(b -> id);
    }
    return fetch(me, FetchPrekeys.newBuilder().setUsername(recipient)).thenApply(PrekeyBundles::getUserId);
  }

  /**
   * Starts sessions with those of {@code devices} of {@code userId} this device has none with (one
   * fetch, or none when all exist); lets a caller with many recipients fetch ahead, concurrently,
   * instead of one fetch per send in order.
   */
  CompletableFuture<Void> sessionsWith(AccountInfo me, long userId, List<Long> devices) {
    List<Long> lacking = lackingSessions(me, userId, devices);
    if (lacking.isEmpty()) return CompletableFuture.completedFuture(null);
    return fetch(me, FetchPrekeys.newBuilder().setUserId(userId).addAllDeviceIds(lacking)).thenApply(b -> null);
  }

  private CompletableFuture<Void> ownSessions(AccountInfo me) {
    List<Long> mine = new ArrayList<>(keyring.knownDevices(me.userId()));
    mine.remove(me.deviceId());
    List<Long> lacking = lackingSessions(me, me.userId(), mine);
    if (lacking.isEmpty()) return CompletableFuture.completedFuture(null);
    return fetch(me, FetchPrekeys.newBuilder().setUserId(me.userId()).addAllDeviceIds(lacking)).thenApply(b -> null);
  }

  private CompletableFuture<Void> fixMismatch(AccountInfo me, long to, Mismatch mismatch) {
    if (mismatch == null) return CompletableFuture.completedFuture(null);
    for (long extra : mismatch.extra()) {
      keyring.dropDevice(new DeviceAddress(to, extra));
      keyring.dropDevice(new DeviceAddress(me.userId(), extra));
    }
    keyring.changed();
    if (mismatch.missing().isEmpty()) return CompletableFuture.completedFuture(null);
    // The server names devices, not their users: ask for them as the recipient's and as ours; each
    // fetch returns only the devices that belong to that user.
    CompletableFuture<PrekeyBundles> theirs =
        fetch(me, FetchPrekeys.newBuilder().setUserId(to).addAllDeviceIds(mismatch.missing()));
    if (to == me.userId()) return theirs.thenApply(b -> null);
    return theirs
        .thenCompose(b -> fetch(me, FetchPrekeys.newBuilder().setUserId(me.userId()).addAllDeviceIds(mismatch.missing())))
        .thenApply(b -> null);
  }

  /** Devices of {@code userId} without a session, never counting this device itself. */
  private List<Long> lackingSessions(AccountInfo me, long userId, List<Long> devices) {
    return devices.stream()
        .filter(d -> !(userId == me.userId() && d == me.deviceId()))
        .filter(d -> !keyring.hasSession(new DeviceAddress(userId, d)))
        .toList();
  }

  private CompletableFuture<PrekeyBundles> fetch(AccountInfo me, FetchPrekeys.Builder req) {
    return request.apply(ClientFrame.newBuilder().setFetchPrekeys(req)).thenApply(f -> {
      PrekeyBundles bundles = f.getPrekeyBundles();
      for (PrekeyBundle b : bundles.getBundlesList()) {
        if (bundles.getUserId() == me.userId() && b.getDeviceId() == me.deviceId()) continue; // never a session with itself
        keyring.learn(bundles.getUserId(), bundles.getUsername(), b.getDeviceId(), b.getIdentityKey().toByteArray())
            .ifPresent(kind -> warnings.accept(new IdentityWarning(bundles.getUserId(), bundles.getUsername(), b.getDeviceId(), kind)));
        try {
          sealer.startSession(bundles.getUserId(), b);
        } catch (InvalidBundleException e) {
          keyring.dropDevice(new DeviceAddress(bundles.getUserId(), b.getDeviceId()));
          throw new ParleyException(ErrorCode.INVALID_PREKEY, "device " + b.getDeviceId() + ": " + e.getMessage(), Duration.ZERO);
        }
      }
      keyring.changed();
      return bundles;
    });
  }

  private Send seal(AccountInfo me, long to, String recipient, byte[] clientMsgId, Content body, Duration ttl) {
    Send.Builder send = Send.newBuilder()
        .setRecipientUserId(to)
        .setClientMsgId(ByteString.copyFrom(clientMsgId))
        .setTtlSeconds(ttl.toSeconds());
    List<DeviceAddress> targets = new ArrayList<>();
    keyring.knownDevices(to).forEach(d -> targets.add(new DeviceAddress(to, d)));
    if (to != me.userId()) keyring.knownDevices(me.userId()).forEach(d -> targets.add(new DeviceAddress(me.userId(), d)));
    targets.remove(new DeviceAddress(me.userId(), me.deviceId()));
    for (DeviceAddress target : targets) {
      if (!keyring.hasSession(target)) continue; // left out: the server's mismatch answer says what to fix
      send.addDeviceMessages(DeviceMessage.newBuilder()
          .setDeviceId(target.deviceId())
          .setCiphertext(ByteString.copyFrom(sealer.seal(target, body))));
    }
    keyring.changed();
    return send.build();
  }
}
