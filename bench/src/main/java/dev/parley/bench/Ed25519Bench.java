package dev.parley.bench;

import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.identity.IdentityPublicKey;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** Ed25519 over a 64-byte message: what a client pays to sign in, and the server to check it. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Ed25519Bench {
  private IdentityKeyPair key;
  private byte[] publicKeyBytes;
  private byte[] message;
  private byte[] signature;

  @Setup
  public void setUp() {
    SecureRandom random = new SecureRandom();
    key = IdentityKeyPair.generate(random);
    publicKeyBytes = key.publicKey().bytes();
    message = new byte[64];
    random.nextBytes(message);
    signature = key.sign(message);
  }

  @Benchmark
  public void sign(Blackhole bh) {
    bh.consume(key.sign(message));
  }

  /** As the server's login check does it: the key decoded from its stored bytes every time. */
  @Benchmark
  public void verify(Blackhole bh) {
    bh.consume(new IdentityPublicKey(publicKeyBytes).verify(message, signature));
  }
}
