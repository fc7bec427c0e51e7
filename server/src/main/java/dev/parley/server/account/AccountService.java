package dev.parley.server.account;

import dev.parley.crypto.identity.IdentityPublicKey;
import dev.parley.protocol.auth.LoginTranscript;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.Login;
import dev.parley.protocol.v1.Register;
import dev.parley.server.account.AuthOutcome.Authenticated;
import dev.parley.server.account.AuthOutcome.Refused;
import dev.parley.server.refusal.Refusal;
import dev.parley.server.registration.RegistrationGate;
import dev.parley.server.registration.RegistrationMode;
import dev.parley.storage.account.Account;
import dev.parley.storage.account.AccountStore;
import dev.parley.storage.account.Device;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.NewAccount;
import dev.parley.storage.account.Registration;
import dev.parley.storage.account.UserId;
import dev.parley.storage.account.Username;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Registration and login: proof of key possession over a per-connection challenge. Non-blocking;
 * futures complete on storage threads, and a login's signature check runs there too, off the event
 * loops.
 */
public final class AccountService {
  private static final int MAX_DEVICE_NAME = 64;
  private static final Refused AUTH_FAILED =
      new Refused(Refusal.of(ErrorCode.AUTH_FAILED, "unknown device or bad signature"), true);

  private static final Refused INVITE_INVALID =
      new Refused(Refusal.of(ErrorCode.INVITE_INVALID, "registration is by invite: the code is missing, unknown, used up or expired"), false);

  private final AccountStore accounts;
  private final byte[] serverCertSha256;
  private static final Refused RESUMPTION_REFUSED =
      new Refused(Refusal.of(ErrorCode.AUTH_FAILED, "resumption token not accepted; log in with a signature"), false);

  private final Clock clock;
  private final RegistrationGate gate;
  private final ResumptionTokens tokens;

  /**
   * @param resumptionTtl how long a resumption token is valid (zero: none are issued)
   * @param maxResumptionTokens most tokens held at once
   */
  public AccountService(
      AccountStore accounts, byte[] serverCertSha256, Clock clock, RegistrationGate gate, Duration resumptionTtl,
      int maxResumptionTokens, SecureRandom random) {
    this.accounts = accounts;
    this.gate = gate;
    this.serverCertSha256 = serverCertSha256.clone();
    this.clock = clock;
    this.tokens = new ResumptionTokens(resumptionTtl, maxResumptionTokens, clock, random);
  }

  /** A one-time token for the next login of {@code d}, replacing any earlier one; empty when off. */
  public Optional<byte[]> issueResumptionToken(AuthenticatedDevice d) {
    return tokens.issue(d.user(), d.device());
  }

  /** Forgets the token of a revoked device. */
  public void revokeResumption(DeviceId device) {
    tokens.revoke(device);
  }

  public CompletableFuture<AuthOutcome> register(Register req, byte[] challenge) {
    RegistrationMode mode = gate.mode();
    if (mode == RegistrationMode.CLOSED) {
      return done(new Refused(Refusal.of(ErrorCode.REGISTRATION_CLOSED, "this server takes no new accounts"), false));
    }
    if (mode == RegistrationMode.INVITE && req.getInviteCode().isEmpty()) return done(INVITE_INVALID);
    Optional<Username> username = Username.parse(req.getUsername());
    if (username.isEmpty()) {
      return done(new Refused(Refusal.of(ErrorCode.INVALID_USERNAME, "usernames are 3-32 characters of a-z 0-9 _ ."), false));
    }
    if (req.getDeviceIdentityKey().size() != 32) return done(badArgument("device_identity_key must be 32 bytes"));
    if (req.getDeviceName().length() > MAX_DEVICE_NAME) return done(badArgument("device_name over 64 characters"));
    byte[] key = req.getDeviceIdentityKey().toByteArray();
    byte[] transcript = LoginTranscript.forRegister(challenge, serverCertSha256, key, req.getUsername());
    if (!new IdentityPublicKey(key).verify(transcript, req.getSignature().toByteArray())) return done(AUTH_FAILED);
    String deviceName = req.getDeviceName().isBlank() ? "device" : req.getDeviceName();
    NewAccount account = new NewAccount(username.get(), key, deviceName, clock.millis());
    return (mode == RegistrationMode.INVITE
            ? accounts.registerWithInvite(account, req.getInviteCode())
            : accounts.register(account))
        .handle(
            (result, err) -> {
              if (err != null) return new Refused(Refusal.fromStorage(err), false);
              return switch (result) {
                case Registration.Created c -> new Authenticated(device(c.account(), c.device()), true);
                case Registration.UsernameTaken t ->
                    new Refused(Refusal.of(ErrorCode.USERNAME_TAKEN, "username " + t.username() + " is taken"), false);
                case Registration.InviteInvalid i -> INVITE_INVALID;
              };
            });
  }

  public CompletableFuture<AuthOutcome> login(Login req, byte[] challenge) {
    if (req.getUserId() <= 0 || req.getDeviceId() <= 0) return done(AUTH_FAILED);
    UserId user = new UserId(req.getUserId());
    DeviceId deviceId = new DeviceId(req.getDeviceId());
    if (!req.getResumptionId().isEmpty()) return resume(req, user, deviceId, challenge);
    byte[] signature = req.getSignature().toByteArray();
    byte[] transcript = LoginTranscript.forLogin(challenge, serverCertSha256, user.value(), deviceId.value());
    CompletableFuture<Optional<Account>> account = accounts.findById(user);
    return accounts
        .findDevice(user, deviceId)
        .thenCombine(account, (device, acct) -> verify(device, acct, transcript, signature))
        .exceptionally(err -> new Refused(Refusal.fromStorage(err), false));
  }

  /**
   * A login with a resumption token instead of a signature: no signature check, but the same reads,
   * so that a revoked device or a disabled account is refused as it would be otherwise. A refusal
   * leaves the connection open for a signed Login.
   */
  private CompletableFuture<AuthOutcome> resume(Login req, UserId user, DeviceId deviceId, byte[] challenge) {
    if (req.getResumptionId().size() != LoginTranscript.RESUMPTION_ID_BYTES) return done(RESUMPTION_REFUSED);
    byte[] id = req.getResumptionId().toByteArray();
    byte[] transcript = LoginTranscript.forResume(challenge, serverCertSha256, user.value(), deviceId.value(), id);
    if (tokens.redeem(id, user, deviceId, transcript, req.getResumptionProof().toByteArray()).isEmpty()) {
      return done(RESUMPTION_REFUSED);
    }
    CompletableFuture<Optional<Account>> account = accounts.findById(user);
    return accounts
        .findDevice(user, deviceId)
        .thenCombine(account, (device, acct) -> {
          if (device.isEmpty() || acct.isEmpty() || acct.get().disabled()) return (AuthOutcome) RESUMPTION_REFUSED;
          return new Authenticated(device(acct.get(), device.get()), false, true);
        })
        .exceptionally(err -> new Refused(Refusal.fromStorage(err), false));
  }

  private static AuthOutcome verify(
      Optional<Device> device, Optional<Account> account, byte[] transcript, byte[] signature) {
    if (device.isEmpty() || account.isEmpty()) return AUTH_FAILED;
    if (!new IdentityPublicKey(device.get().identityKey()).verify(transcript, signature)) return AUTH_FAILED;
    if (account.get().disabled()) return new Refused(Refusal.of(ErrorCode.AUTH_FAILED, "account disabled"), true);
    return new Authenticated(device(account.get(), device.get()), false);
  }

  private static AuthenticatedDevice device(Account a, Device d) {
    return new AuthenticatedDevice(a.id(), d.id(), a.username(), d.name(), d.createdAtMs());
  }

  private static Refused badArgument(String message) {
    return new Refused(Refusal.of(ErrorCode.INVALID_ARGUMENT, message), false);
  }

  private static CompletableFuture<AuthOutcome> done(AuthOutcome outcome) {
    return CompletableFuture.completedFuture(outcome);
  }
}
