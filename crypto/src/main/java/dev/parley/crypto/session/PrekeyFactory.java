package dev.parley.crypto.session;

import dev.parley.crypto.agreement.X25519KeyPair;
import dev.parley.crypto.kem.MlKemKeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Creates a device's prekeys and signs them with its identity key. Ids are the caller's choice
 * (typically a persisted counter); the factory does not track them.
 *
 * <p>Thread-safe if the injected {@link SecureRandom} is (the JDK's implementations are).
 */
public final class PrekeyFactory {
  /** Largest batch {@link #oneTimePrekeys} and {@link #oneTimeKemPrekeys} will create at once. */
  public static final int MAX_BATCH = 1000;

  private final DeviceKeys device;
  private final SecureRandom random;

  public PrekeyFactory(DeviceKeys device, SecureRandom random) {
    this.device = Objects.requireNonNull(device, "device");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Creates a signed X25519 prekey with the given id. */
  public SignedPrekeyPair signedPrekey(int id) {
    PrekeyIds.check("signed prekey id", id);
    X25519KeyPair pair = X25519KeyPair.generate(random);
    byte[] signature =
        device.signing().sign(PrekeySignatures.signedPrekeyMessage(id, pair.publicKey()));
    return new SignedPrekeyPair(new SignedPrekey(id, pair.publicKey(), signature), pair);
  }

  /**
   * Creates {@code count} one-time X25519 prekeys with ids {@code firstId .. firstId + count - 1}.
   *
   * @throws IllegalArgumentException if {@code count} is not 1..{@value #MAX_BATCH} or an id would
   *     exceed {@link Integer#MAX_VALUE}
   */
  public List<OneTimePrekeyPair> oneTimePrekeys(int firstId, int count) {
    checkBatch(firstId, count);
    List<OneTimePrekeyPair> batch = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      X25519KeyPair pair = X25519KeyPair.generate(random);
      batch.add(new OneTimePrekeyPair(new OneTimePrekey(firstId + i, pair.publicKey()), pair));
    }
    return List.copyOf(batch);
  }

  /** Creates a signed ML-KEM-768 prekey, one-time or last-resort, with the given id. */
  public KemPrekeyPair kemPrekey(int id, boolean lastResort) {
    PrekeyIds.check("KEM prekey id", id);
    MlKemKeyPair pair = MlKemKeyPair.generate(random);
    byte[] signature =
        device.signing().sign(PrekeySignatures.kemPrekeyMessage(id, lastResort, pair.publicKey()));
    return new KemPrekeyPair(new KemPrekey(id, pair.publicKey(), signature, lastResort), pair);
  }

  /**
   * Creates {@code count} signed one-time ML-KEM-768 prekeys with ids {@code firstId .. firstId +
   * count - 1}.
   *
   * @throws IllegalArgumentException if {@code count} is not 1..{@value #MAX_BATCH} or an id would
   *     exceed {@link Integer#MAX_VALUE}
   */
  public List<KemPrekeyPair> oneTimeKemPrekeys(int firstId, int count) {
    checkBatch(firstId, count);
    List<KemPrekeyPair> batch = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      batch.add(kemPrekey(firstId + i, false));
    }
    return List.copyOf(batch);
  }

  private static void checkBatch(int firstId, int count) {
    PrekeyIds.check("first prekey id", firstId);
    if (count < 1 || count > MAX_BATCH) {
      throw new IllegalArgumentException("batch size must be 1.." + MAX_BATCH + ", got " + count);
    }
    if ((long) firstId + count - 1 > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("prekey ids would overflow from " + firstId);
    }
  }
}
