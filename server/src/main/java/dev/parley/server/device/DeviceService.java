package dev.parley.server.device;

import com.google.protobuf.ByteString;
import dev.parley.crypto.identity.IdentityPublicKey;
import dev.parley.protocol.auth.LoginTranscript;
import dev.parley.protocol.v1.DeviceInfo;
import dev.parley.protocol.v1.DeviceList;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.LinkCode;
import dev.parley.protocol.v1.LinkDevice;
import dev.parley.protocol.v1.ListDevices;
import dev.parley.server.account.AuthOutcome;
import dev.parley.server.account.AuthenticatedDevice;
import dev.parley.server.account.UserLookup;
import dev.parley.server.refusal.Answer;
import dev.parley.server.refusal.Refusal;
import dev.parley.server.router.SessionRouter;
import dev.parley.storage.account.Account;
import dev.parley.storage.account.AccountStore;
import dev.parley.storage.account.Device;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A user's devices: listing (one's own or a peer's, so senders can address every device), revoking
 * one's own, and linking a new device with a one-time code issued by an existing one. Non-blocking.
 */
public final class DeviceService {
  private static final Duration LINK_CODE_TTL = Duration.ofMinutes(10);
  private static final int MAX_PENDING_LINK_CODES = 10_000;
  private static final int MAX_DEVICE_NAME = 64;
  private static final AuthOutcome.Refused LINK_REFUSED =
      new AuthOutcome.Refused(Refusal.of(ErrorCode.LINK_CODE_INVALID, "unknown, used or expired link code"), true);

  private final AccountStore accounts;
  private final UserLookup users;
  private final SessionRouter router;
  private final byte[] serverCertSha256;
  private final Clock clock;
  private final LinkCodes linkCodes;

  public DeviceService(
      AccountStore accounts, SessionRouter router, byte[] serverCertSha256, Clock clock, SecureRandom random) {
    this.accounts = accounts;
    this.users = new UserLookup(accounts);
    this.router = router;
    this.serverCertSha256 = serverCertSha256.clone();
    this.clock = clock;
    this.linkCodes = new LinkCodes(clock, LINK_CODE_TTL, MAX_PENDING_LINK_CODES, random);
  }

  public CompletableFuture<Answer<DeviceList>> list(AuthenticatedDevice requester, ListDevices req) {
    CompletableFuture<Optional<Account>> user =
        switch (req.getUserCase()) {
          case USERNAME -> users.byName(req.getUsername());
          case USER_ID -> users.byId(req.getUserId());
          case USER_NOT_SET -> users.byId(requester.user().value());
        };
    return user.thenCompose(
            account -> {
              if (account.isEmpty() || account.get().disabled()) {
                return CompletableFuture.completedFuture(Answer.<DeviceList>refused(Refusal.of(ErrorCode.USER_NOT_FOUND, "no such user")));
              }
              return accounts.devices(account.get().id()).thenApply(devices -> Answer.ok(deviceList(account.get(), devices)));
            })
        .exceptionally(err -> Answer.refused(Refusal.fromStorage(err)));
  }

  /**
   * Removes one of the requester's own devices and closes its session; the requesting device itself
   * is closed by its connection once the answer is written. The last device of an account cannot be
   * removed (nobody could log in to the account again, and its name would stay taken).
   */
  public CompletableFuture<Answer<Long>> revoke(AuthenticatedDevice requester, long deviceId) {
    if (deviceId <= 0) return CompletableFuture.completedFuture(notFound(deviceId));
    DeviceId device = new DeviceId(deviceId);
    return accounts
        .devices(requester.user())
        .thenCompose(devices -> {
          if (devices.stream().noneMatch(d -> d.id().equals(device))) return CompletableFuture.completedFuture(notFound(deviceId));
          if (devices.size() == 1) {
            return CompletableFuture.completedFuture(Answer.<Long>refused(
                Refusal.of(ErrorCode.INVALID_ARGUMENT, "the last device of an account cannot be removed")));
          }
          return accounts.removeDevice(requester.user(), device).thenApply(removed -> {
            if (!removed) return notFound(deviceId);
            if (!device.equals(requester.device())) router.revoked(device);
            return Answer.ok(deviceId);
          });
        })
        .exceptionally(err -> Answer.refused(Refusal.fromStorage(err)));
  }

  public Answer<LinkCode> createLinkCode(AuthenticatedDevice requester) {
    return linkCodes
        .issue(requester.user())
        .<Answer<LinkCode>>map(c -> Answer.ok(LinkCode.newBuilder().setCode(c.code()).setExpiresAtMs(c.expiresAtMs()).build()))
        .orElseGet(() -> Answer.refused(new Refusal(ErrorCode.RETRY_LATER, "too many pending link codes", 60_000)));
  }

  /** A new device joins the account whose device issued the code, proving it holds its new key. */
  public CompletableFuture<AuthOutcome> link(LinkDevice req, byte[] challenge) {
    if (req.getDeviceIdentityKey().size() != 32 || req.getDeviceName().length() > MAX_DEVICE_NAME) {
      return CompletableFuture.completedFuture(
          new AuthOutcome.Refused(Refusal.of(ErrorCode.INVALID_ARGUMENT, "bad identity key or device name"), false));
    }
    byte[] key = req.getDeviceIdentityKey().toByteArray();
    byte[] transcript = LoginTranscript.forLink(challenge, serverCertSha256, key, req.getCode());
    if (!new IdentityPublicKey(key).verify(transcript, req.getSignature().toByteArray())) {
      return CompletableFuture.completedFuture(
          new AuthOutcome.Refused(Refusal.of(ErrorCode.AUTH_FAILED, "bad signature"), true));
    }
    Optional<UserId> user = linkCodes.redeem(req.getCode());
    if (user.isEmpty()) return CompletableFuture.completedFuture(LINK_REFUSED);
    String name = req.getDeviceName().isBlank() ? "device" : req.getDeviceName();
    CompletableFuture<Optional<Account>> account = accounts.findById(user.get());
    return accounts
        .addDevice(user.get(), key, name, clock.millis())
        .thenCombine(account, (device, acct) -> linked(device, acct))
        .exceptionally(err -> new AuthOutcome.Refused(Refusal.fromStorage(err), false));
  }

  private static AuthOutcome linked(Optional<Device> device, Optional<Account> account) {
    if (device.isEmpty() || account.isEmpty() || account.get().disabled()) return LINK_REFUSED;
    Device d = device.get();
    return new AuthOutcome.Authenticated(
        new AuthenticatedDevice(d.user(), d.id(), account.get().username(), d.name(), d.createdAtMs()), true);
  }

  private static DeviceList deviceList(Account account, List<Device> devices) {
    DeviceList.Builder out = DeviceList.newBuilder().setUserId(account.id().value()).setUsername(account.username().value());
    for (Device d : devices) {
      out.addDevices(DeviceInfo.newBuilder()
          .setDeviceId(d.id().value())
          .setName(d.name())
          .setIdentityKey(ByteString.copyFrom(d.identityKey()))
          .setCreatedAtMs(d.createdAtMs()));
    }
    return out.build();
  }

  private static Answer<Long> notFound(long deviceId) {
    return Answer.refused(Refusal.of(ErrorCode.DEVICE_NOT_FOUND, "you have no device " + deviceId));
  }
}
