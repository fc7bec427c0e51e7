package dev.parley.crypto.session;

import dev.parley.crypto.encoding.ByteReader;

import dev.parley.crypto.agreement.X25519PublicKey;
import dev.parley.crypto.identity.IdentityPublicKey;
import dev.parley.crypto.kem.MlKemEncapsulation;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What the initiator of a session sends alongside its messages until the responder has replied: who
 * it is, its ephemeral key, which of the responder's prekeys it used, and the ML-KEM ciphertext.
 * Public data, but it must reach the responder unmodified (a modified header yields a session whose
 * first message fails to decrypt).
 *
 * <p>Wire encoding ({@link #toBytes()}), 1258 bytes without a one-time prekey, 1262 with:
 *
 * <pre>
 * version[1]            = 0x01
 * sender_identity[32]     Ed25519 public key
 * sender_identity_dh[32]  X25519 public key
 * sender_idh_sig[64]      Ed25519 signature over "parley-idh-v1" || sender_identity_dh
 * ephemeral[32]           X25519 public key
 * signed_prekey_id[4]     u32 BE, &lt; 2^31
 * has_one_time[1]         0x00 | 0x01
 * one_time_prekey_id[4]   u32 BE, &lt; 2^31; present only if has_one_time = 0x01
 * kem_prekey_id[4]        u32 BE, &lt; 2^31
 * kem_ciphertext[1088]    ML-KEM-768 ciphertext
 * </pre>
 *
 * <p>Immutable and thread-safe; arrays are copied in and out; equality is by content.
 *
 * @param senderIdentity the initiator's Ed25519 identity key
 * @param senderIdentityDh the initiator's identity DH key, signed by {@code senderIdentity}
 * @param ephemeral the initiator's ephemeral X25519 key EK_A
 * @param signedPrekeyId the id of the responder's signed prekey that was used
 * @param oneTimePrekeyId the id of the responder's one-time prekey, if one was used
 * @param kemPrekeyId the id of the responder's KEM prekey that was used
 * @param kemCiphertext the 1088-byte ML-KEM-768 ciphertext
 */
public record InitialHeader(
    IdentityPublicKey senderIdentity,
    IdentityDhCertificate senderIdentityDh,
    X25519PublicKey ephemeral,
    int signedPrekeyId,
    OptionalInt oneTimePrekeyId,
    int kemPrekeyId,
    byte[] kemCiphertext) {
  private static final int VERSION = 1;
  private static final int LENGTH_WITHOUT_ONE_TIME =
      1 + 32 + 32 + 64 + 32 + 4 + 1 + 4 + MlKemEncapsulation.CIPHERTEXT_LENGTH;

  /**
   * @throws IllegalArgumentException if an id is negative or the ciphertext is not 1088 bytes
   */
  public InitialHeader {
    Objects.requireNonNull(senderIdentity, "senderIdentity");
    Objects.requireNonNull(senderIdentityDh, "senderIdentityDh");
    Objects.requireNonNull(ephemeral, "ephemeral");
    PrekeyIds.check("signed prekey id", signedPrekeyId);
    Objects.requireNonNull(oneTimePrekeyId, "oneTimePrekeyId");
    oneTimePrekeyId.ifPresent(id -> PrekeyIds.check("one-time prekey id", id));
    PrekeyIds.check("KEM prekey id", kemPrekeyId);
    Objects.requireNonNull(kemCiphertext, "kemCiphertext");
    if (kemCiphertext.length != MlKemEncapsulation.CIPHERTEXT_LENGTH) {
      throw new IllegalArgumentException(
          "KEM ciphertext must be 1088 bytes, got " + kemCiphertext.length);
    }
    kemCiphertext = kemCiphertext.clone();
  }

  /** Returns a copy of the ML-KEM ciphertext. */
  @Override
  public byte[] kemCiphertext() {
    return kemCiphertext.clone();
  }

  /** Returns the wire encoding described in the class documentation. */
  public byte[] toBytes() {
    int length = LENGTH_WITHOUT_ONE_TIME + (oneTimePrekeyId.isPresent() ? 4 : 0);
    ByteBuffer out =
        ByteBuffer.allocate(length)
            .put((byte) VERSION)
            .put(senderIdentity.bytes())
            .put(senderIdentityDh.key().bytes())
            .put(senderIdentityDh.signature())
            .put(ephemeral.bytes())
            .putInt(signedPrekeyId)
            .put((byte) (oneTimePrekeyId.isPresent() ? 1 : 0));
    oneTimePrekeyId.ifPresent(out::putInt);
    return out.putInt(kemPrekeyId).put(kemCiphertext).array();
  }

  /**
   * Strictly decodes {@link #toBytes()} output: wrong version, length, flag value, an id of 2^31 or
   * more, and trailing bytes are all refused. Signatures are not checked here; {@link
   * SessionResponder#accept} does that.
   *
   * @throws InvalidHeaderException if {@code encoded} is not a valid encoding
   */
  public static InitialHeader fromBytes(byte[] encoded) throws InvalidHeaderException {
    Objects.requireNonNull(encoded, "encoded");
    try {
      ByteReader reader = new ByteReader(encoded);
      reader.expectVersion(VERSION);
      IdentityPublicKey identity = new IdentityPublicKey(reader.bytes(32));
      X25519PublicKey identityDh = new X25519PublicKey(reader.bytes(32));
      byte[] signature = reader.bytes(IdentityDhCertificate.SIGNATURE_LENGTH);
      X25519PublicKey ephemeral = new X25519PublicKey(reader.bytes(32));
      int signedPrekeyId = reader.nonNegativeInt();
      OptionalInt oneTimePrekeyId =
          reader.flag() ? OptionalInt.of(reader.nonNegativeInt()) : OptionalInt.empty();
      int kemPrekeyId = reader.nonNegativeInt();
      byte[] ciphertext = reader.bytes(MlKemEncapsulation.CIPHERTEXT_LENGTH);
      reader.expectEnd();
      return new InitialHeader(
          identity,
          new IdentityDhCertificate(identityDh, signature),
          ephemeral,
          signedPrekeyId,
          oneTimePrekeyId,
          kemPrekeyId,
          ciphertext);
    } catch (IllegalArgumentException e) {
      throw new InvalidHeaderException("malformed initial header: " + e.getMessage());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InitialHeader other
        && senderIdentity.equals(other.senderIdentity)
        && senderIdentityDh.equals(other.senderIdentityDh)
        && ephemeral.equals(other.ephemeral)
        && signedPrekeyId == other.signedPrekeyId
        && oneTimePrekeyId.equals(other.oneTimePrekeyId)
        && kemPrekeyId == other.kemPrekeyId
        && Arrays.equals(kemCiphertext, other.kemCiphertext);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        senderIdentity,
        senderIdentityDh,
        ephemeral,
        signedPrekeyId,
        oneTimePrekeyId,
        kemPrekeyId,
        Arrays.hashCode(kemCiphertext));
  }

  @Override
  public String toString() {
    return "InitialHeader[sender="
        + senderIdentity.toHex()
        + ", ephemeral="
        + ephemeral.toHex()
        + ", signedPrekeyId="
        + signedPrekeyId
        + ", oneTimePrekeyId="
        + oneTimePrekeyId
        + ", kemPrekeyId="
        + kemPrekeyId
        + "]";
  }
}
