package dev.parley.bench;

import dev.parley.crypto.session.DeviceKeys;
import dev.parley.crypto.session.InitialHeader;
import dev.parley.crypto.session.InvalidBundleException;
import dev.parley.crypto.session.InvalidHeaderException;
import dev.parley.crypto.session.KemPrekeyPair;
import dev.parley.crypto.session.OneTimePrekeyPair;
import dev.parley.crypto.session.PrekeyBundle;
import dev.parley.crypto.session.PrekeyFactory;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * PQXDH with a full bundle (signed, one-time and ML-KEM-768 prekeys): the initiator's and the
 * responder's half of one new session, and the cost of minting the prekeys a device uploads.
 * Initiation and acceptance are stateless, so the same bundle and header serve every invocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HandshakeBench {
  private SecureRandom random;
  private DeviceKeys alice;
  private DeviceKeys bob;
  private PrekeyFactory bobPrekeys;
  private SignedPrekeyPair bobSigned;
  private OneTimePrekeyPair bobOneTime;
  private KemPrekeyPair bobKem;
  private PrekeyBundle bobBundle;
  private InitialHeader header;

  @Setup
  public void setUp() throws InvalidBundleException {
    random = new SecureRandom();
    alice = DeviceKeys.generate(random);
    bob = DeviceKeys.generate(random);
    bobPrekeys = new PrekeyFactory(bob, random);
    bobSigned = bobPrekeys.signedPrekey(1);
    bobOneTime = bobPrekeys.oneTimePrekeys(100, 1).get(0);
    bobKem = bobPrekeys.kemPrekey(200, false);
    bobBundle =
        new PrekeyBundle(
            bob.identity(),
            bob.identityDhCertificate(),
            bobSigned.prekey(),
            Optional.of(bobOneTime.prekey()),
            bobKem.prekey());
    header = SessionInitiator.initiate(alice, bobBundle, random).header();
  }

  /** Verifies the bundle's three signatures, four X25519, one ML-KEM encapsulation, HKDF. */
  @Benchmark
  public void initiate(Blackhole bh) throws InvalidBundleException {
    bh.consume(SessionInitiator.initiate(alice, bobBundle, random));
  }

  /** Verifies the sender's certificate, four X25519, one ML-KEM decapsulation, HKDF. */
  @Benchmark
  public void respond(Blackhole bh) throws InvalidHeaderException {
    bh.consume(
        SessionResponder.accept(bob, bobSigned, Optional.of(bobOneTime), bobKem, header, random));
  }

  @Benchmark
  public void oneTimePrekey(Blackhole bh) {
    bh.consume(bobPrekeys.oneTimePrekeys(1, 1));
  }

  /** ML-KEM-768 key generation plus the Ed25519 signature over the public key. */
  @Benchmark
  public void kemPrekey(Blackhole bh) {
    bh.consume(bobPrekeys.kemPrekey(1, false));
  }
}
