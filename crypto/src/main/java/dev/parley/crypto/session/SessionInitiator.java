package dev.parley.crypto.session;

import dev.parley.crypto.encoding.Secrets;

import dev.parley.crypto.agreement.X25519KeyPair;
import dev.parley.crypto.agreement.X25519PublicKey;
import dev.parley.crypto.kem.MlKemEncapsulation;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Starts a session with a device from its prekey bundle: the initiator's half of PQXDH (Signal's
 * PQXDH specification, with X25519, ML-KEM-768, SHA-256, and the identity DH key certified by an
 * Ed25519 signature instead of XEdDSA).
 *
 * <p>Stateless and thread-safe.
 */
public final class SessionInitiator {
  private SessionInitiator() {}

  /**
   * Verifies {@code them} and derives a session from it:
   *
   * <pre>
   * DH1 = X25519(IKDH_A, SPK_B)     DH2 = X25519(EK_A, IKDH_B)
   * DH3 = X25519(EK_A, SPK_B)       DH4 = X25519(EK_A, OPK_B)   (only with a one-time prekey)
   * (CT, SS) = ML-KEM-768.Encaps(PQPK_B)
   * SK = HKDF-SHA256(F || DH1 || DH2 || DH3 [|| DH4] || SS, salt = 32 zero bytes,
   *                  info = "parley-pqxdh-v1", 32 bytes),  F = 32 0xFF bytes
   * AD = IK_A || IK_B || IKDH_A || IKDH_B
   * </pre>
   *
   * The session is the Double Ratchet initialised as Alice with SK and SPK_B as the responder's
   * first ratchet key; it can encrypt at once. EK_A and the DH outputs are discarded (the byte
   * arrays zero-filled) before this method returns.
   *
   * @throws InvalidBundleException if the identity-DH, signed-prekey or KEM-prekey signature does
   *     not verify under {@code them.identity()}, or a bundle key is a low-order point
   */
  public static Initiation initiate(DeviceKeys me, PrekeyBundle them, SecureRandom random)
      throws InvalidBundleException {
    Objects.requireNonNull(me, "me");
    Objects.requireNonNull(them, "them");
    Objects.requireNonNull(random, "random");
    verify(them);

    X25519PublicKey signedPrekey = them.signedPrekey().key();
    X25519KeyPair ephemeral = X25519KeyPair.generate(random);
    byte[] dh1 = null;
    byte[] dh2 = null;
    byte[] dh3 = null;
    byte[] dh4 = null;
    byte[] kemSecret = null;
    byte[] sharedKey = null;
    try {
      dh1 = agree(me.identityDh(), signedPrekey, "signed prekey");
      dh2 = agree(ephemeral, them.identityDh().key(), "identity DH key");
      dh3 = agree(ephemeral, signedPrekey, "signed prekey");
      if (them.oneTimePrekey().isPresent()) {
        dh4 = agree(ephemeral, them.oneTimePrekey().get().key(), "one-time prekey");
      }
      MlKemEncapsulation encapsulation = them.kemPrekey().key().encapsulate(random);
      kemSecret = encapsulation.sharedSecret();
      sharedKey = Pqxdh.sharedKey(dh1, dh2, dh3, dh4, kemSecret);

      byte[] associatedData =
          Pqxdh.associatedData(
              me.identity(), me.identityDh().publicKey(), them.identity(), them.identityDh().key());
      RatchetSession session =
          RatchetSession.initiating(sharedKey, associatedData, signedPrekey, random);
      InitialHeader header =
          new InitialHeader(
              me.identity(),
              me.identityDhCertificate(),
              ephemeral.publicKey(),
              them.signedPrekey().id(),
              them.oneTimePrekey().map(k -> OptionalInt.of(k.id())).orElse(OptionalInt.empty()),
              them.kemPrekey().id(),
              encapsulation.ciphertext());
      return new Initiation(session, header);
    } finally {
      Secrets.wipe(dh1, dh2, dh3, dh4, kemSecret, sharedKey);
    }
  }

  private static void verify(PrekeyBundle them) throws InvalidBundleException {
    if (!PrekeySignatures.verify(them.identity(), them.identityDh())) {
      throw new InvalidBundleException("identity DH key signature does not verify");
    }
    if (!PrekeySignatures.verify(them.identity(), them.signedPrekey())) {
      throw new InvalidBundleException(
          "signed prekey " + them.signedPrekey().id() + " signature does not verify");
    }
    if (!PrekeySignatures.verify(them.identity(), them.kemPrekey())) {
      throw new InvalidBundleException(
          "KEM prekey " + them.kemPrekey().id() + " signature does not verify");
    }
  }

  private static byte[] agree(X25519KeyPair mine, X25519PublicKey theirs, String what)
      throws InvalidBundleException {
    try {
      return mine.agree(theirs);
    } catch (IllegalArgumentException lowOrder) {
      throw new InvalidBundleException("bundle " + what + " is a low-order point");
    }
  }
}
