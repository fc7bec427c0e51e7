package dev.parley.crypto.session;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A device as the tests need it: keys, a prekey store, a bundle to publish, and the responder's
 * look-up-and-accept step. A fake of the client's prekey storage, not a mock.
 */
final class TestDevice {
  final DeviceKeys keys;
  final SignedPrekeyPair signedPrekey;
  final Map<Integer, OneTimePrekeyPair> oneTimePrekeys = new HashMap<>();
  final Map<Integer, KemPrekeyPair> kemPrekeys = new HashMap<>();
  final KemPrekeyPair lastResortKemPrekey;
  private final SecureRandom random;

  TestDevice(SecureRandom random) {
    this.random = random;
    this.keys = DeviceKeys.generate(random);
    PrekeyFactory factory = new PrekeyFactory(keys, random);
    this.signedPrekey = factory.signedPrekey(7);
    factory.oneTimePrekeys(100, 3).forEach(p -> oneTimePrekeys.put(p.id(), p));
    factory.oneTimeKemPrekeys(200, 2).forEach(p -> kemPrekeys.put(p.id(), p));
    this.lastResortKemPrekey = factory.kemPrekey(300, true);
    kemPrekeys.put(lastResortKemPrekey.id(), lastResortKemPrekey);
  }

  /** A bundle as the server would serve it. */
  PrekeyBundle bundle(boolean withOneTimePrekey, boolean lastResortKem) {
    KemPrekey kem = lastResortKem ? lastResortKemPrekey.prekey() : kemPrekeys.get(200).prekey();
    return new PrekeyBundle(
        keys.identity(),
        keys.identityDhCertificate(),
        signedPrekey.prekey(),
        withOneTimePrekey ? Optional.of(oneTimePrekeys.get(100).prekey()) : Optional.empty(),
        kem);
  }

  PrekeyBundle bundle() {
    return bundle(true, false);
  }

  /** Looks up the prekeys the header names and accepts it, as a client would. */
  RatchetSession accept(InitialHeader header) throws InvalidHeaderException {
    Optional<OneTimePrekeyPair> oneTime =
        header.oneTimePrekeyId().isPresent()
            ? Optional.of(oneTimePrekeys.get(header.oneTimePrekeyId().getAsInt()))
            : Optional.empty();
    return SessionResponder.accept(
        keys, signedPrekey, oneTime, kemPrekeys.get(header.kemPrekeyId()), header, random);
  }
}
