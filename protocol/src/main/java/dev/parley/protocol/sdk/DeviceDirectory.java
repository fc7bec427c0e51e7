package dev.parley.protocol.sdk;

import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.identity.IdentityPublicKey;
import dev.parley.crypto.session.SafetyNumber;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.CreateLinkCode;
import dev.parley.protocol.v1.DeviceInfo;
import dev.parley.protocol.v1.DeviceList;
import dev.parley.protocol.v1.ListDevices;
import dev.parley.protocol.v1.RevokeDevice;
import dev.parley.protocol.v1.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This device's dealings with the key directory and its account's devices: prekey uploads after
 * login and on low stock, the device list, link codes, revocation, safety numbers. Request futures
 * complete on the client's event loop, so the keyring is only touched there.
 */
final class DeviceDirectory {
  private static final Logger log = LoggerFactory.getLogger(DeviceDirectory.class);

  private final Keyring keyring;
  private final IdentityKeyPair identity;
  private final Function<ClientFrame.Builder, CompletableFuture<ServerFrame>> request;
  private final Consumer<IdentityWarning> warn;
  private final Supplier<AccountInfo> me;

  DeviceDirectory(
      Keyring keyring, IdentityKeyPair identity, Function<ClientFrame.Builder, CompletableFuture<ServerFrame>> request,
      Consumer<IdentityWarning> warn, Supplier<AccountInfo> me) {
    this.keyring = keyring;
    this.identity = identity;
    this.request = request;
    this.warn = warn;
    this.me = me;
  }

  /**
   * What a login needs before the session is usable: keys on the server (before anyone can write to
   * this device), and the list of this account's other devices (before this device can write to them).
   */
  CompletableFuture<Void> afterLogin() {
    CompletableFuture<Void> uploaded = keyring.uploaded()
        ? CompletableFuture.completedFuture(null)
        : request.apply(ClientFrame.newBuilder().setUploadPrekeys(keyring.newUpload())).thenAccept(f -> keyring.markUploaded());
    return uploaded
        .thenCompose(ignored -> request.apply(ClientFrame.newBuilder().setListDevices(ListDevices.getDefaultInstance())))
        .thenAccept(f -> learnOwnDevices(f.getDeviceList()));
  }

  void topUpPrekeys() {
    if (!keyring.uploaded()) return;
    request.apply(ClientFrame.newBuilder().setUploadPrekeys(keyring.newUpload()))
        .whenComplete((f, err) -> {
          if (err != null) log.debug("prekey top-up failed: {}", err.toString());
        });
  }

  private void learnOwnDevices(DeviceList list) {
    AccountInfo account = me.get();
    // On this device's first login every other device of the account is simply learnt; after that a
    // device the account did not have before is news worth a warning.
    boolean firstLogin = keyring.peer(account.userId()).isEmpty();
    for (DeviceInfo d : list.getDevicesList()) {
      boolean self = d.getDeviceId() == account.deviceId();
      var change = keyring.learn(list.getUserId(), list.getUsername(), d.getDeviceId(), d.getIdentityKey().toByteArray());
      if (!self && !firstLogin) {
        change.ifPresent(kind -> warn.accept(new IdentityWarning(list.getUserId(), list.getUsername(), d.getDeviceId(), kind)));
      }
    }
    // Devices removed meanwhile: forget them so sends stop addressing them.
    for (long known : keyring.knownDevices(account.userId())) {
      if (list.getDevicesList().stream().noneMatch(d -> d.getDeviceId() == known)) {
        keyring.dropDevice(new Keyring.DeviceAddress(account.userId(), known));
      }
    }
    keyring.save();
  }

  /**
   * Asks the server for a user's devices and remembers their identity keys (trust on first use,
   * with warnings for changes), for checking that user's signed group posts.
   */
  CompletableFuture<Void> learnUser(long userId) {
    return request.apply(ClientFrame.newBuilder().setListDevices(ListDevices.newBuilder().setUserId(userId)))
        .thenAccept(f -> {
          DeviceList list = f.getDeviceList();
          list.getDevicesList().forEach(d -> learn(list, d));
          keyring.save();
        });
  }

  private void learn(DeviceList list, DeviceInfo d) {
    keyring.learn(list.getUserId(), list.getUsername(), d.getDeviceId(), d.getIdentityKey().toByteArray())
        .ifPresent(kind -> warn.accept(new IdentityWarning(list.getUserId(), list.getUsername(), d.getDeviceId(), kind)));
  }

  CompletableFuture<LinkCodeInfo> createLinkCode() {
    return request.apply(ClientFrame.newBuilder().setCreateLinkCode(CreateLinkCode.getDefaultInstance()))
        .thenApply(f -> new LinkCodeInfo(f.getLinkCode().getCode(), f.getLinkCode().getExpiresAtMs()));
  }

  CompletableFuture<List<DeviceSummary>> devices() {
    return request.apply(ClientFrame.newBuilder().setListDevices(ListDevices.getDefaultInstance()))
        .thenApply(f -> f.getDeviceList().getDevicesList().stream()
            .map(d -> new DeviceSummary(d.getDeviceId(), d.getName(), d.getIdentityKey().toByteArray(), d.getCreatedAtMs()))
            .toList());
  }

  CompletableFuture<Void> revoke(long deviceId) {
    return request.apply(ClientFrame.newBuilder().setRevokeDevice(RevokeDevice.newBuilder().setDeviceId(deviceId)))
        .thenApply(f -> null);
  }

  CompletableFuture<List<SafetyNumberEntry>> safetyNumbers(String username) {
    return request.apply(ClientFrame.newBuilder().setListDevices(ListDevices.newBuilder().setUsername(username)))
        .thenApply(f -> {
          DeviceList list = f.getDeviceList();
          AccountInfo account = me.get();
          List<SafetyNumberEntry> out = new ArrayList<>();
          for (DeviceInfo d : list.getDevicesList()) {
            learn(list, d);
            String number = SafetyNumber.of(
                identity.publicKey(), account.userId() + ":" + account.deviceId(),
                new IdentityPublicKey(d.getIdentityKey().toByteArray()), list.getUserId() + ":" + d.getDeviceId());
            out.add(new SafetyNumberEntry(d.getDeviceId(), d.getName(), number));
          }
          keyring.save();
          return out;
        });
  }
}
