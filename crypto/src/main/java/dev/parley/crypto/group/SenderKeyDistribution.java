package dev.parley.crypto.group;

import dev.parley.crypto.encoding.ByteReader;
import dev.parley.crypto.encoding.Secrets;

import dev.parley.crypto.identity.IdentityPublicKey;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * What a member gives every other member so they can read its group messages: one sender key's id,
 * the iteration its chain key is at, the chain key, and the Ed25519 public key its messages are
 * signed with. <b>Secret</b>: anyone holding it can read every message of that sender key from
 * {@code iteration} on. Send it only through the pairwise end-to-end sessions, which also
 * authenticate which member it came from; this type carries no signature of its own.
 *
 * <p>Wire encoding ({@link #toBytes()}), {@value #ENCODED_LENGTH} bytes:
 *
 * <pre>
 * version[1] = 0x01 || key_id[u32] || iteration[u32] || chain_key[32] || signature_public[32]
 * </pre>
 *
 * <p>Immutable and thread-safe; the chain key is copied in and out; equality is by content; {@link
 * #toString()} leaves out the chain key.
 *
 * @param keyId the sender key's id, {@code >= 0}
 * @param iteration the iteration {@code chainKey} belongs to, {@code >= 0}
 * @param chainKey the 32-byte chain key for message {@code iteration}
 * @param signatureKey the Ed25519 public key every message of this sender key is signed with
 */
public record SenderKeyDistribution(
    int keyId, int iteration, byte[] chainKey, IdentityPublicKey signatureKey) {
  /** Length of {@link #toBytes()}. */
  public static final int ENCODED_LENGTH = 1 + 4 + 4 + 32 + 32;

  private static final int VERSION = 1;

  /**
   * @throws IllegalArgumentException if an id or the iteration is negative or the chain key is not
   *     32 bytes
   */
  public SenderKeyDistribution {
    if (keyId < 0) {
      throw new IllegalArgumentException("key id < 0: " + keyId);
    }
    if (iteration < 0) {
      throw new IllegalArgumentException("iteration < 0: " + iteration);
    }
    Objects.requireNonNull(chainKey, "chainKey");
    if (chainKey.length != SenderChain.KEY_LENGTH) {
      throw new IllegalArgumentException("chain key must be 32 bytes, got " + chainKey.length);
    }
    Objects.requireNonNull(signatureKey, "signatureKey");
    chainKey = chainKey.clone();
  }

  /** Returns a copy of the chain key; the caller owns it and should wipe it. */
  @Override
  public byte[] chainKey() {
    return chainKey.clone();
  }

  /** Returns the secret wire encoding; the caller owns the array and should wipe it once sent. */
  public byte[] toBytes() {
    return ByteBuffer.allocate(ENCODED_LENGTH)
        .put((byte) VERSION)
        .putInt(keyId)
        .putInt(iteration)
        .put(chainKey)
        .put(signatureKey.bytes())
        .array();
  }

  /**
   * Strictly decodes {@link #toBytes()} output: a wrong version or length, a field of 2^31 or more,
   * and trailing bytes are all refused. The argument is not modified or retained.
   *
   * @throws InvalidSenderKeyDistributionException if {@code encoded} is not a valid encoding
   */
  public static SenderKeyDistribution fromBytes(byte[] encoded)
      throws InvalidSenderKeyDistributionException {
    Objects.requireNonNull(encoded, "encoded");
    byte[] chainKey = null;
    try {
      ByteReader reader = new ByteReader(encoded);
      reader.expectVersion(VERSION);
      int keyId = reader.nonNegativeInt();
      int iteration = reader.nonNegativeInt();
      chainKey = reader.bytes(SenderChain.KEY_LENGTH);
      IdentityPublicKey signatureKey =
          new IdentityPublicKey(reader.bytes(IdentityPublicKey.LENGTH));
      reader.expectEnd();
      return new SenderKeyDistribution(keyId, iteration, chainKey, signatureKey);
    } catch (IllegalArgumentException e) {
      throw new InvalidSenderKeyDistributionException(
          "malformed sender key distribution: " + e.getMessage());
    } finally {
      Secrets.wipe(chainKey);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SenderKeyDistribution other
        && keyId == other.keyId
        && iteration == other.iteration
        && MessageDigest.isEqual(chainKey, other.chainKey)
        && signatureKey.equals(other.signatureKey);
  }

  @Override
  public int hashCode() {
    // Leaves out the chain key: a hash of a secret has no business in a hash table's layout.
    return Objects.hash(keyId, iteration, signatureKey);
  }

  @Override
  public String toString() {
    return "SenderKeyDistribution[keyId="
        + keyId
        + ", iteration="
        + iteration
        + ", signatureKey="
        + signatureKey.toHex()
        + "]";
  }
}
