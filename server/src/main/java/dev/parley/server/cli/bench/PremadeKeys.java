package dev.parley.server.cli.bench;

import com.google.protobuf.ByteString;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.session.DeviceKeys;
import dev.parley.crypto.session.PrekeyFactory;
import dev.parley.protocol.v1.IdentityDhKey;
import dev.parley.protocol.v1.KemPrekey;
import dev.parley.protocol.v1.OneTimePrekey;
import dev.parley.protocol.v1.SignedPrekey;
import dev.parley.protocol.v1.UploadPrekeys;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * A raw device's keys and its first prekey upload: the identity DH key, a signed prekey, one
 * one-time X25519 and one one-time ML-KEM prekey and a last-resort ML-KEM prekey, the same upload an
 * SDK device makes with {@code prekeyBatch(1, 1)}, so the server checks the same five signatures.
 *
 * <p>Making one costs the load generator about half a millisecond (ML-KEM key generation and four
 * signatures). The register scenario makes them before its clock starts ({@link #prefill}), so a
 * storm measures the server's work rather than the load generator's key generation; past the
 * prefill, keys are made when taken (counted in {@link #madeWhenTaken}).
 */
final class PremadeKeys {
  /** A device identity with its signed upload. */
  record Premade(IdentityKeyPair identity, UploadPrekeys upload) {}

  private final SecureRandom random;
  private final ConcurrentLinkedQueue<Premade> ready = new ConcurrentLinkedQueue<>();
  private final AtomicInteger available = new AtomicInteger();
  final LongAdder madeWhenTaken = new LongAdder();

  PremadeKeys(SecureRandom random) {
    this.random = random;
  }

  /** Makes {@code count} ahead, on all cores; returns when done. */
  void prefill(int count) {
    IntStream.range(0, count).parallel().forEach(i -> {
      ready.add(make(random));
      available.incrementAndGet();
    });
  }

  int available() {
    return available.get();
  }

  Premade take() {
    Premade p = ready.poll();
    if (p != null) {
      available.decrementAndGet();
      return p;
    }
    madeWhenTaken.increment();
    return make(random);
  }

  static Premade make(SecureRandom random) {
    DeviceKeys keys = DeviceKeys.generate(random);
    PrekeyFactory factory = new PrekeyFactory(keys, random);
    var cert = keys.identityDhCertificate();
    var signed = factory.signedPrekey(1).prekey();
    var oneTime = factory.oneTimePrekeys(2, 1).getFirst().prekey();
    var kem = factory.kemPrekey(3, false).prekey();
    var lastResort = factory.kemPrekey(4, true).prekey();
    UploadPrekeys upload = UploadPrekeys.newBuilder()
        .setIdentityDh(IdentityDhKey.newBuilder()
            .setPublicKey(ByteString.copyFrom(cert.key().bytes())).setSignature(ByteString.copyFrom(cert.signature())))
        .setSignedPrekey(SignedPrekey.newBuilder().setId(signed.id())
            .setPublicKey(ByteString.copyFrom(signed.key().bytes())).setSignature(ByteString.copyFrom(signed.signature())))
        .addOneTimePrekeys(OneTimePrekey.newBuilder().setId(oneTime.id()).setPublicKey(ByteString.copyFrom(oneTime.key().bytes())))
        .addKemPrekeys(KemPrekey.newBuilder().setId(kem.id()).setPublicKey(ByteString.copyFrom(kem.key().bytes()))
            .setSignature(ByteString.copyFrom(kem.signature())))
        .setLastResortKemPrekey(KemPrekey.newBuilder().setId(lastResort.id())
            .setPublicKey(ByteString.copyFrom(lastResort.key().bytes())).setSignature(ByteString.copyFrom(lastResort.signature()))
            .setLastResort(true))
        .build();
    return new Premade(keys.signing(), upload);
  }
}
