package dev.parley.crypto.session;

import dev.parley.crypto.identity.IdentityPublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a sender fetches from the server to start a session with one recipient device. Nothing
 * here is trusted until {@link SessionInitiator#initiate} has verified every signature against
 * {@link #identity()}; whether {@code identity} really belongs to the intended person is for the
 * users to confirm with a {@link SafetyNumber}.
 *
 * @param identity the recipient device's Ed25519 identity key
 * @param identityDh the recipient's identity DH key, signed by {@code identity}
 * @param signedPrekey the recipient's current signed prekey
 * @param oneTimePrekey a one-time prekey, empty when the device has run out
 * @param kemPrekey a one-time KEM prekey, or the last-resort one when those have run out
 */
public record PrekeyBundle(
    IdentityPublicKey identity,
    IdentityDhCertificate identityDh,
    SignedPrekey signedPrekey,
    Optional<OneTimePrekey> oneTimePrekey,
    KemPrekey kemPrekey) {
  public PrekeyBundle {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(identityDh, "identityDh");
    Objects.requireNonNull(signedPrekey, "signedPrekey");
    Objects.requireNonNull(oneTimePrekey, "oneTimePrekey");
    Objects.requireNonNull(kemPrekey, "kemPrekey");
  }
}
