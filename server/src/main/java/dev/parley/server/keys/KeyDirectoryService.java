package dev.parley.server.keys;

import dev.parley.crypto.agreement.X25519PublicKey;
import dev.parley.crypto.identity.IdentityPublicKey;
import dev.parley.crypto.kem.MlKemPublicKey;
import dev.parley.crypto.session.IdentityDhCertificate;
import dev.parley.crypto.session.KemPrekey;
import dev.parley.crypto.session.PrekeySignatures;
import dev.parley.crypto.session.SignedPrekey;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.FetchPrekeys;
import dev.parley.protocol.v1.PrekeyBundles;
import dev.parley.protocol.v1.UploadPrekeys;
import dev.parley.server.account.AuthenticatedDevice;
import dev.parley.server.account.UserLookup;
import dev.parley.server.refusal.Refusal;
import dev.parley.server.router.SessionRouter;
import dev.parley.storage.account.Account;
import dev.parley.storage.account.AccountStore;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.prekey.DeviceBundle;
import dev.parley.storage.prekey.PrekeyCounts;
import dev.parley.storage.prekey.PrekeyStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The key directory: devices upload signed prekeys, senders fetch one bundle per device. Every
 * signature is checked against the uploading device's identity key before anything is stored, and a
 * fetch consumes one-time prekeys atomically in the store. A device whose stock runs low is told so
 * on its live session. Non-blocking.
 */
public final class KeyDirectoryService {
  /** Most one-time prekeys of each kind one upload may carry. */
  public static final int MAX_KEYS_PER_UPLOAD = 200;

  private final AccountStore accounts;
  private final UserLookup users;
  private final PrekeyStore prekeys;
  private final SessionRouter router;
  private final int lowWatermark;

  public KeyDirectoryService(AccountStore accounts, PrekeyStore prekeys, SessionRouter router, int lowWatermark) {
    this.accounts = accounts;
    this.users = new UserLookup(accounts);
    this.prekeys = prekeys;
    this.router = router;
    this.lowWatermark = lowWatermark;
  }

  /** Outcome of an upload: the stock afterwards, or why it was refused. */
  public sealed interface UploadOutcome {
    record Stored(PrekeyCounts counts) implements UploadOutcome {}

    record Refused(Refusal refusal) implements UploadOutcome {}
  }

  /** Outcome of a fetch: one bundle per device, or why it was refused. */
  public sealed interface FetchOutcome {
    record Bundles(PrekeyBundles bundles) implements FetchOutcome {}

    record Refused(Refusal refusal) implements FetchOutcome {}
  }

  public CompletableFuture<UploadOutcome> upload(AuthenticatedDevice device, UploadPrekeys req) {
    return accounts
        .findDevice(device.user(), device.device())
        .thenCompose(
            d -> {
              if (d.isEmpty()) return done(invalid(ErrorCode.DEVICE_NOT_FOUND, "this device was removed"));
              Optional<Refusal> bad = verify(new IdentityPublicKey(d.get().identityKey()), req);
              if (bad.isPresent()) return done(new UploadOutcome.Refused(bad.get()));
              return prekeys.upload(device.device(), WireKeys.upload(req)).thenApply(UploadOutcome.Stored::new);
            })
        .exceptionally(err -> new UploadOutcome.Refused(Refusal.fromStorage(err)));
  }

  public CompletableFuture<FetchOutcome> fetch(FetchPrekeys req) {
    CompletableFuture<Optional<Account>> user =
        switch (req.getUserCase()) {
          case USERNAME -> users.byName(req.getUsername());
          case USER_ID -> users.byId(req.getUserId());
          case USER_NOT_SET -> UserLookup.none();
        };
    List<DeviceId> devices = req.getDeviceIdsList().stream().filter(id -> id > 0).map(DeviceId::new).toList();
    return user.thenCompose(
            account -> {
              if (account.isEmpty() || account.get().disabled()) {
                return CompletableFuture.<FetchOutcome>completedFuture(
                    new FetchOutcome.Refused(Refusal.of(ErrorCode.USER_NOT_FOUND, "no such user")));
              }
              return prekeys.take(account.get().id(), devices).thenApply(bundles -> bundles(account.get(), bundles));
            })
        .exceptionally(err -> new FetchOutcome.Refused(Refusal.fromStorage(err)));
  }

  /** At login: a device whose keys are in place but whose one-time stock is low is told at once. */
  public void remindIfLow(DeviceId device) {
    prekeys.counts(device).thenAccept(c -> {
      if (c.complete() && (c.oneTimePrekeys() < lowWatermark || c.kemPrekeys() < lowWatermark)) {
        router.prekeysLow(device, c);
      }
    });
  }

  private FetchOutcome bundles(Account account, List<DeviceBundle> taken) {
    for (DeviceBundle b : taken) {
      PrekeyCounts left = b.remaining();
      if (left.oneTimePrekeys() < lowWatermark || left.kemPrekeys() < lowWatermark) router.prekeysLow(b.device(), left);
    }
    return new FetchOutcome.Bundles(WireKeys.bundles(account, taken));
  }

  /** Every signature and size in the upload, checked against the device's identity key. */
  private static Optional<Refusal> verify(IdentityPublicKey identity, UploadPrekeys req) {
    try {
      if (req.getOneTimePrekeysCount() > MAX_KEYS_PER_UPLOAD || req.getKemPrekeysCount() > MAX_KEYS_PER_UPLOAD) {
        return Optional.of(Refusal.of(ErrorCode.INVALID_ARGUMENT, "at most " + MAX_KEYS_PER_UPLOAD + " keys per kind"));
      }
      if (!idsInRange(req)) return Optional.of(Refusal.of(ErrorCode.INVALID_PREKEY, "prekey ids must be below 2^31"));
      if (req.hasIdentityDh()) {
        var dh = req.getIdentityDh();
        var cert = new IdentityDhCertificate(new X25519PublicKey(dh.getPublicKey().toByteArray()), dh.getSignature().toByteArray());
        if (!PrekeySignatures.verify(identity, cert)) return badSignature("identity DH key");
      }
      if (req.hasSignedPrekey()) {
        var sp = req.getSignedPrekey();
        var prekey = new SignedPrekey(sp.getId(), new X25519PublicKey(sp.getPublicKey().toByteArray()), sp.getSignature().toByteArray());
        if (!PrekeySignatures.verify(identity, prekey)) return badSignature("signed prekey " + sp.getId());
      }
      for (var ot : req.getOneTimePrekeysList()) new X25519PublicKey(ot.getPublicKey().toByteArray());
      for (var k : req.getKemPrekeysList()) {
        if (k.getLastResort() || !verifyKem(identity, k)) return badSignature("KEM prekey " + k.getId());
      }
      if (req.hasLastResortKemPrekey()) {
        var k = req.getLastResortKemPrekey();
        if (!k.getLastResort() || !verifyKem(identity, k)) return badSignature("last-resort KEM prekey");
      }
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(Refusal.of(ErrorCode.INVALID_PREKEY, "malformed key: " + e.getMessage()));
    }
  }

  /** uint32 on the wire, but clients and the crypto layer use non-negative ints. */
  private static boolean idsInRange(UploadPrekeys req) {
    boolean ok = req.getOneTimePrekeysList().stream().allMatch(k -> k.getId() >= 0)
        && req.getKemPrekeysList().stream().allMatch(k -> k.getId() >= 0);
    if (req.hasSignedPrekey()) ok &= req.getSignedPrekey().getId() >= 0;
    if (req.hasLastResortKemPrekey()) ok &= req.getLastResortKemPrekey().getId() >= 0;
    return ok;
  }

  private static boolean verifyKem(IdentityPublicKey identity, dev.parley.protocol.v1.KemPrekey k) {
    var prekey = new KemPrekey(k.getId(), new MlKemPublicKey(k.getPublicKey().toByteArray()), k.getSignature().toByteArray(), k.getLastResort());
    return PrekeySignatures.verify(identity, prekey);
  }

  private static Optional<Refusal> badSignature(String what) {
    return Optional.of(Refusal.of(ErrorCode.INVALID_PREKEY, "bad signature on " + what));
  }

  private static UploadOutcome.Refused invalid(ErrorCode code, String message) {
    return new UploadOutcome.Refused(Refusal.of(code, message));
  }

  private static CompletableFuture<UploadOutcome> done(UploadOutcome o) {
    return CompletableFuture.completedFuture(o);
  }
}
