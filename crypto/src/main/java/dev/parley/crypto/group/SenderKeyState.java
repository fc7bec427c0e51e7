package dev.parley.crypto.group;

import dev.parley.crypto.encoding.ByteReader;
import dev.parley.crypto.encoding.Secrets;

import dev.parley.crypto.identity.IdentityKeyPair;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The sending side of one sender key: what one member device uses to encrypt its messages to one
 * group. Holds a random key id, a symmetric chain (chain key and iteration) and an Ed25519
 * signature key pair generated for this sender key alone. Every other member gets {@link
 * #distribution()} through its pairwise session and reads the messages with a {@link
 * SenderKeyReceiver}. Formats and labels are listed in the package documentation.
 *
 * <p>Each {@link #encrypt} uses the current chain key's message key once and replaces the chain key
 * with the next one, so the state never holds a key for a message already sent. The sender creates
 * a new state (a new key id) whenever the group's membership changes; see the package
 * documentation.
 *
 * <p><b>Not thread-safe.</b> Confine each state to one thread (or one actor/lock per group), and
 * persist {@link #toBytes()} after every {@code encrypt}, <b>before</b> sending the message:
 * encrypting again from an older copy reuses a message key, and with it an AES-GCM nonce.
 */
public final class SenderKeyState {
  /** Length of {@link #toBytes()}. */
  public static final int ENCODED_LENGTH = 1 + 4 + 4 + 32 + 32;

  private static final int VERSION = 1;

  private final int keyId;
  private final IdentityKeyPair signatureKey;
  private byte[] chainKey;
  private int iteration;

  SenderKeyState(int keyId, int iteration, byte[] chainKey, IdentityKeyPair signatureKey) {
    this.keyId = keyId;
    this.iteration = iteration;
    this.chainKey = chainKey;
    this.signatureKey = signatureKey;
  }

  /**
   * Creates a new sender key: a random key id below 2^31, a random 32-byte chain key at iteration 0
   * and a fresh Ed25519 signature key pair.
   */
  public static SenderKeyState create(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    int keyId = random.nextInt() & Integer.MAX_VALUE;
    byte[] chainKey = new byte[SenderChain.KEY_LENGTH];
    random.nextBytes(chainKey);
    return new SenderKeyState(keyId, 0, chainKey, IdentityKeyPair.generate(random));
  }

  /**
   * Encrypts {@code plaintext} as message {@link #iteration()} of this sender key, signs it, and
   * advances the chain, wiping the used keys.
   *
   * @return {@code version[1] || key_id[4] || iteration[4] || ciphertext || tag[16] ||
   *     signature[64]}; see the package documentation
   * @throws IllegalStateException if the chain is exhausted (2^31 - 1 messages); create a new one
   */
  public byte[] encrypt(byte[] plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    if (iteration > SenderKeyMessage.MAX_ITERATION) {
      throw new IllegalStateException("sender key chain exhausted; create a new sender key");
    }
    byte[] messageKey = SenderChain.messageKey(chainKey);
    try {
      byte[] message = SenderKeyMessage.seal(keyId, iteration, messageKey, plaintext, signatureKey);
      byte[] next = SenderChain.nextChainKey(chainKey);
      Secrets.wipe(chainKey);
      chainKey = next;
      iteration++;
      return message;
    } finally {
      Secrets.wipe(messageKey);
    }
  }

  /**
   * Returns what other members need to read this sender's messages from now on: the current
   * iteration and chain key, so a member given it cannot read anything sent before. Secret; see
   * {@link SenderKeyDistribution}.
   */
  public SenderKeyDistribution distribution() {
    return new SenderKeyDistribution(keyId, iteration, chainKey, signatureKey.publicKey());
  }

  /** Returns the key id, which distinguishes this sender key from the sender's earlier ones. */
  public int keyId() {
    return keyId;
  }

  /** Returns the iteration the next {@link #encrypt} will use. */
  public int iteration() {
    return iteration;
  }

  /**
   * Returns the secret storage encoding (versioned; see the package documentation). It holds the
   * chain key and the signature private key: store it encrypted at rest, and replace the previous
   * copy after every {@code encrypt}, before the message leaves the device.
   */
  public byte[] toBytes() {
    byte[] seed = signatureKey.privateKeyBytes();
    try {
      return ByteBuffer.allocate(ENCODED_LENGTH)
          .put((byte) VERSION)
          .putInt(keyId)
          .putInt(iteration)
          .put(chainKey)
          .put(seed)
          .array();
    } finally {
      Secrets.wipe(seed);
    }
  }

  /**
   * Restores a state from {@link #toBytes()} output. Strict: any malformed field, unknown version
   * or trailing byte is refused. The argument is not modified or retained; the signature public key
   * is re-derived.
   *
   * @throws IllegalArgumentException if the encoding is malformed or of an unknown version
   */
  public static SenderKeyState fromBytes(byte[] encoded) {
    Objects.requireNonNull(encoded, "encoded");
    ByteReader reader = new ByteReader(encoded);
    reader.expectVersion(VERSION);
    int keyId = reader.nonNegativeInt();
    int iteration = reader.nonNegativeInt();
    byte[] chainKey = reader.bytes(SenderChain.KEY_LENGTH);
    byte[] seed = reader.bytes(SenderChain.KEY_LENGTH);
    try {
      reader.expectEnd();
      return new SenderKeyState(keyId, iteration, chainKey, IdentityKeyPair.fromPrivateKey(seed));
    } catch (IllegalArgumentException e) {
      Secrets.wipe(chainKey);
      throw e;
    } finally {
      Secrets.wipe(seed);
    }
  }

  @Override
  public String toString() {
    return "SenderKeyState[keyId="
        + keyId
        + ", iteration="
        + iteration
        + ", signatureKey="
        + signatureKey.publicKey().toHex()
        + "]";
  }
}
