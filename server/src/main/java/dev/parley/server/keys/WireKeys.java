package dev.parley.server.keys;

import com.google.protobuf.ByteString;
import dev.parley.protocol.v1.IdentityDhKey;
import dev.parley.protocol.v1.KemPrekey;
import dev.parley.protocol.v1.OneTimePrekey;
import dev.parley.protocol.v1.PrekeyBundle;
import dev.parley.protocol.v1.PrekeyBundles;
import dev.parley.protocol.v1.SignedPrekey;
import dev.parley.protocol.v1.UploadPrekeys;
import dev.parley.storage.account.Account;
import dev.parley.storage.prekey.DeviceBundle;
import dev.parley.storage.prekey.IdentityDhRecord;
import dev.parley.storage.prekey.KemPrekeyRecord;
import dev.parley.storage.prekey.OneTimePrekeyRecord;
import dev.parley.storage.prekey.PrekeyUpload;
import dev.parley.storage.prekey.SignedPrekeyRecord;
import java.util.List;
import java.util.Optional;

/** Key directory records between the wire and the store. */
final class WireKeys {
  private WireKeys() {}

  static PrekeyUpload upload(UploadPrekeys req) {
    return new PrekeyUpload(
        req.hasIdentityDh()
            ? Optional.of(new IdentityDhRecord(req.getIdentityDh().getPublicKey().toByteArray(), req.getIdentityDh().getSignature().toByteArray()))
            : Optional.empty(),
        req.hasSignedPrekey()
            ? Optional.of(new SignedPrekeyRecord(
                req.getSignedPrekey().getId(), req.getSignedPrekey().getPublicKey().toByteArray(),
                req.getSignedPrekey().getSignature().toByteArray()))
            : Optional.empty(),
        req.getOneTimePrekeysList().stream()
            .map(k -> new OneTimePrekeyRecord(k.getId(), k.getPublicKey().toByteArray()))
            .toList(),
        req.getKemPrekeysList().stream().map(WireKeys::kem).toList(),
        req.hasLastResortKemPrekey() ? Optional.of(kem(req.getLastResortKemPrekey())) : Optional.empty());
  }

  private static KemPrekeyRecord kem(KemPrekey k) {
    return new KemPrekeyRecord(k.getId(), k.getPublicKey().toByteArray(), k.getSignature().toByteArray(), k.getLastResort());
  }

  static PrekeyBundles bundles(Account account, List<DeviceBundle> taken) {
    PrekeyBundles.Builder out =
        PrekeyBundles.newBuilder().setUserId(account.id().value()).setUsername(account.username().value());
    for (DeviceBundle b : taken) {
      PrekeyBundle.Builder wire =
          PrekeyBundle.newBuilder()
              .setDeviceId(b.device().value())
              .setIdentityKey(ByteString.copyFrom(b.identityKey()))
              .setIdentityDh(IdentityDhKey.newBuilder()
                  .setPublicKey(ByteString.copyFrom(b.identityDh().publicKey()))
                  .setSignature(ByteString.copyFrom(b.identityDh().signature())))
              .setSignedPrekey(SignedPrekey.newBuilder()
                  .setId(b.signedPrekey().id())
                  .setPublicKey(ByteString.copyFrom(b.signedPrekey().publicKey()))
                  .setSignature(ByteString.copyFrom(b.signedPrekey().signature())))
              .setKemPrekey(KemPrekey.newBuilder()
                  .setId(b.kemPrekey().id())
                  .setPublicKey(ByteString.copyFrom(b.kemPrekey().publicKey()))
                  .setSignature(ByteString.copyFrom(b.kemPrekey().signature()))
                  .setLastResort(b.kemPrekey().lastResort()));
      b.oneTimePrekey().ifPresent(k -> wire.setOneTimePrekey(
          OneTimePrekey.newBuilder().setId(k.id()).setPublicKey(ByteString.copyFrom(k.publicKey()))));
      out.addBundles(wire);
    }
    return out.build();
  }
}
