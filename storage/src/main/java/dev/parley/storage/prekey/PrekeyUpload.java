package dev.parley.storage.prekey;

import java.util.List;
import java.util.Optional;

/**
 * What a device uploads: present single keys replace the stored ones; one-time keys are added (a
 * one-time key with an id already stored replaces it). Signatures were checked by the server.
 */
public record PrekeyUpload(
    Optional<IdentityDhRecord> identityDh,
    Optional<SignedPrekeyRecord> signedPrekey,
    List<OneTimePrekeyRecord> oneTimePrekeys,
    List<KemPrekeyRecord> kemPrekeys,
    Optional<KemPrekeyRecord> lastResortKemPrekey) {

  public PrekeyUpload {
    oneTimePrekeys = List.copyOf(oneTimePrekeys);
    kemPrekeys = List.copyOf(kemPrekeys);
    if (kemPrekeys.stream().anyMatch(KemPrekeyRecord::lastResort)) {
      throw new IllegalArgumentException("one-time KEM prekeys must not be marked last resort");
    }
    if (lastResortKemPrekey.isPresent() && !lastResortKemPrekey.get().lastResort()) {
      throw new IllegalArgumentException("the last-resort KEM prekey must be marked last resort");
    }
  }
}
