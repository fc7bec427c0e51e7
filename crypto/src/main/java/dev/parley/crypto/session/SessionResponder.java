package dev.parley.crypto.session;

import dev.parley.crypto.encoding.Secrets;

import dev.parley.crypto.agreement.X25519KeyPair;
import dev.parley.crypto.agreement.X25519PublicKey;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the responder's side of a session from an {@link InitialHeader}: the responder's half of
 * PQXDH (see {@link SessionInitiator} for the key schedule).
 *
 * <p>Usage: decode the header, look up the prekey pairs by the ids it names, call {@link #accept},
 * then decrypt the message that came with the header. <b>Delete a one-time prekey (EC or KEM) only
 * after that first message decrypts</b>: a header is not authenticated until then (ML-KEM's
 * implicit rejection and X25519 never fail on a wrong key, they just produce different secrets),
 * and deleting on a forged header would let anyone drain the supply. Replays of an initial message
 * that used no one-time EC prekey cannot be detected here; callers that care keep a record of
 * accepted (signed prekey id, ephemeral key) pairs until the signed prekey is rotated.
 *
 * <p>Stateless and thread-safe.
 */
public final class SessionResponder {
  private SessionResponder() {}

  /**
   * Same as {@link #accept(DeviceKeys, SignedPrekeyPair, Optional, KemPrekeyPair, InitialHeader,
   * SecureRandom)} with a new default {@link SecureRandom} for the session's future ratchet keys.
   */
  public static RatchetSession accept(
      DeviceKeys me,
      SignedPrekeyPair spk,
      Optional<OneTimePrekeyPair> opk,
      KemPrekeyPair kpk,
      InitialHeader header)
      throws InvalidHeaderException {
    return accept(me, spk, opk, kpk, header, new SecureRandom());
  }

  /**
   * Verifies the sender's identity-DH certificate, recomputes SK from the prekeys and returns the
   * Double Ratchet initialised as Bob with SK and {@code spk} as his first ratchet key. The session
   * cannot encrypt until it has decrypted the initiator's first message.
   *
   * @param random source for the session's future ratchet keys; retained by the session
   * @throws InvalidHeaderException if the sender's identity-DH certificate does not verify, or the
   *     header carries a low-order key
   * @throws IllegalArgumentException if the prekey pairs passed are not the ones the header names
   *     (a one-time pair given when the header names none, or the reverse, or an id mismatch)
   */
  public static RatchetSession accept(
      DeviceKeys me,
      SignedPrekeyPair spk,
      Optional<OneTimePrekeyPair> opk,
      KemPrekeyPair kpk,
      InitialHeader header,
      SecureRandom random)
      throws InvalidHeaderException {
    Objects.requireNonNull(me, "me");
    Objects.requireNonNull(spk, "spk");
    Objects.requireNonNull(opk, "opk");
    Objects.requireNonNull(kpk, "kpk");
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(random, "random");
    checkPrekeysMatch(spk, opk, kpk, header);
    if (!header.senderIdentityDh().verify(header.senderIdentity())) {
      throw new InvalidHeaderException("sender identity DH key signature does not verify");
    }

    X25519PublicKey ephemeral = header.ephemeral();
    byte[] dh1 = null;
    byte[] dh2 = null;
    byte[] dh3 = null;
    byte[] dh4 = null;
    byte[] kemSecret = null;
    byte[] sharedKey = null;
    try {
      dh1 = agree(spk.keyPair(), header.senderIdentityDh().key(), "sender identity DH key");
      dh2 = agree(me.identityDh(), ephemeral, "ephemeral key");
      dh3 = agree(spk.keyPair(), ephemeral, "ephemeral key");
      if (opk.isPresent()) {
        dh4 = agree(opk.get().keyPair(), ephemeral, "ephemeral key");
      }
      kemSecret = kpk.keyPair().decapsulate(header.kemCiphertext());
      sharedKey = Pqxdh.sharedKey(dh1, dh2, dh3, dh4, kemSecret);
      byte[] associatedData =
          Pqxdh.associatedData(
              header.senderIdentity(),
              header.senderIdentityDh().key(),
              me.identity(),
              me.identityDh().publicKey());
      return RatchetSession.responding(sharedKey, associatedData, spk.keyPair(), random);
    } finally {
      Secrets.wipe(dh1, dh2, dh3, dh4, kemSecret, sharedKey);
    }
  }

  private static void checkPrekeysMatch(
      SignedPrekeyPair spk,
      Optional<OneTimePrekeyPair> opk,
      KemPrekeyPair kpk,
      InitialHeader header) {
    if (spk.id() != header.signedPrekeyId()) {
      throw new IllegalArgumentException(
          "header names signed prekey " + header.signedPrekeyId() + ", got " + spk.id());
    }
    if (kpk.id() != header.kemPrekeyId()) {
      throw new IllegalArgumentException(
          "header names KEM prekey " + header.kemPrekeyId() + ", got " + kpk.id());
    }
    boolean named = header.oneTimePrekeyId().isPresent();
    if (named != opk.isPresent()
        || (named && header.oneTimePrekeyId().getAsInt() != opk.get().id())) {
      throw new IllegalArgumentException(
          "header names one-time prekey "
              + header.oneTimePrekeyId()
              + ", got "
              + opk.map(p -> String.valueOf(p.id())).orElse("none"));
    }
  }

  private static byte[] agree(X25519KeyPair mine, X25519PublicKey theirs, String what)
      throws InvalidHeaderException {
    try {
      return mine.agree(theirs);
    } catch (IllegalArgumentException lowOrder) {
      throw new InvalidHeaderException("header " + what + " is a low-order point");
    }
  }
}
