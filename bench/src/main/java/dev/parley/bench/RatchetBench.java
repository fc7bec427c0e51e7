package dev.parley.bench;

import dev.parley.crypto.session.DecryptionException;
import dev.parley.crypto.session.DeviceKeys;
import dev.parley.crypto.session.Initiation;
import dev.parley.crypto.session.KemPrekeyPair;
import dev.parley.crypto.session.PrekeyBundle;
import dev.parley.crypto.session.PrekeyFactory;
import dev.parley.crypto.session.RatchetSession;
import dev.parley.crypto.session.SessionInitiator;
import dev.parley.crypto.session.SessionResponder;
import dev.parley.crypto.session.SignedPrekeyPair;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Double Ratchet messages in an established session (both sides have sent). {@code encrypt} and
 * {@code roundTrip} stay on one sending chain (a symmetric-key step per message); {@code
 * exchange} alternates the direction, so each of its two decrypts also performs a DH ratchet step,
 * as a chat with replies does. Each thread owns its pair of sessions, which are not thread-safe.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RatchetBench {
  @Param({"100", "4096"})
  public int size;

  private RatchetSession alice;
  private RatchetSession bob;
  private byte[] plaintext;

  @Setup
  public void setUp() throws Exception {
    SecureRandom random = new SecureRandom();
    DeviceKeys aliceKeys = DeviceKeys.generate(random);
    DeviceKeys bobKeys = DeviceKeys.generate(random);
    PrekeyFactory bobPrekeys = new PrekeyFactory(bobKeys, random);
    SignedPrekeyPair signed = bobPrekeys.signedPrekey(1);
    KemPrekeyPair kem = bobPrekeys.kemPrekey(2, true);
    PrekeyBundle bundle =
        new PrekeyBundle(
            bobKeys.identity(),
            bobKeys.identityDhCertificate(),
            signed.prekey(),
            Optional.empty(),
            kem.prekey());
    Initiation initiation = SessionInitiator.initiate(aliceKeys, bundle, random);
    alice = initiation.session();
    bob =
        SessionResponder.accept(
            bobKeys, signed, Optional.empty(), kem, initiation.header(), random);
    bob.decrypt(alice.encrypt(new byte[] {1}));
    alice.decrypt(bob.encrypt(new byte[] {2}));
    plaintext = new byte[size];
    random.nextBytes(plaintext);
  }

  @Benchmark
  public void encrypt(Blackhole bh) {
    bh.consume(alice.encrypt(plaintext));
  }

  /** One message encrypted by Alice and decrypted by Bob. */
  @Benchmark
  public void roundTrip(Blackhole bh) throws DecryptionException {
    bh.consume(bob.decrypt(alice.encrypt(plaintext)));
  }

  /** A message and its reply: two encrypts, two decrypts, two DH ratchet steps. */
  @Benchmark
  public void exchange(Blackhole bh) throws DecryptionException {
    bh.consume(bob.decrypt(alice.encrypt(plaintext)));
    bh.consume(alice.decrypt(bob.encrypt(plaintext)));
  }
}
