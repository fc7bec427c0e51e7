package dev.parley.crypto.group;

import dev.parley.crypto.encoding.ByteReader;
import dev.parley.crypto.encoding.Secrets;

import dev.parley.crypto.aead.AeadException;
import dev.parley.crypto.group.GroupDecryptionException.Reason;
import dev.parley.crypto.identity.IdentityPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The receiving side of one sender key: what a member keeps to read one other member's messages to
 * one group under one key id. Created from the {@link SenderKeyDistribution} that sender gave it; a
 * {@link SenderKeyRecord} holds a sender's current and recent receivers.
 *
 * <p>Guarantees: every message is checked against the sender key's Ed25519 signature key before
 * anything else, so no other group member can forge it; every message key is used once and then
 * wiped, and a receiver cannot derive keys for iterations before its distribution's (forward
 * secrecy along the chain); messages may arrive out of order, up to {@value #MAX_SKIP} iterations
 * ahead, with at most {@value #MAX_STORED_SKIPPED_KEYS} skipped keys stored (oldest evicted); and
 * <b>a failed {@link #decrypt} leaves the receiver exactly as it was</b>: a step is planned on
 * copies and committed only once the message authenticates.
 *
 * <p><b>Not thread-safe.</b> Confine each receiver (or its record) to one thread, and persist
 * {@link #toBytes()} after every successful {@code decrypt}, before acting on the result.
 */
public final class SenderKeyReceiver {
  /** Most iterations a message may be ahead of the next expected one; further ahead is refused. */
  public static final int MAX_SKIP = 2000;

  /** Most skipped message keys kept; beyond it the oldest are evicted. */
  public static final int MAX_STORED_SKIPPED_KEYS = 2000;

  private final int keyId;
  private final IdentityPublicKey signatureKey;
  private final SkippedMessageKeys skipped;
  private byte[] chainKey;
  private int iteration;

  SenderKeyReceiver(
      int keyId,
      IdentityPublicKey signatureKey,
      int iteration,
      byte[] chainKey,
      SkippedMessageKeys skipped) {
    this.keyId = keyId;
    this.signatureKey = signatureKey;
    this.iteration = iteration;
    this.chainKey = chainKey;
    this.skipped = skipped;
  }

  /**
   * Starts receiving a sender key at its distribution's iteration. The caller has checked that the
   * distribution came, through the pairwise session, from the member it reads messages of.
   */
  public static SenderKeyReceiver fromDistribution(SenderKeyDistribution distribution) {
    Objects.requireNonNull(distribution, "distribution");
    return new SenderKeyReceiver(
        distribution.keyId(),
        distribution.signatureKey(),
        distribution.iteration(),
        distribution.chainKey(),
        newSkipped());
  }

  static SkippedMessageKeys newSkipped() {
    return new SkippedMessageKeys(MAX_STORED_SKIPPED_KEYS);
  }

  /**
   * Verifies and decrypts a message produced by the sender's {@link SenderKeyState#encrypt}. On
   * success the message key is deleted, so the same message never decrypts twice. On any failure
   * the receiver is unchanged.
   *
   * @throws UnknownSenderKeyException if the message names another key id
   * @throws DuplicateGroupMessageException if the message's key was already used, evicted, or
   *     precedes this receiver's distribution
   * @throws GroupDecryptionException if the message is malformed ({@code MALFORMED}), its signature
   *     does not verify ({@code BAD_SIGNATURE}), it is signed but does not decrypt with this chain
   *     ({@code AUTHENTICATION_FAILED}), or it is more than {@value #MAX_SKIP} iterations ahead
   *     ({@code TOO_MANY_SKIPPED})
   */
  public byte[] decrypt(byte[] message) throws GroupDecryptionException {
    Objects.requireNonNull(message, "message");
    return decrypt(SenderKeyMessage.decode(message));
  }

  byte[] decrypt(SenderKeyMessage message) throws GroupDecryptionException {
    if (message.keyId() != keyId) {
      throw new UnknownSenderKeyException(message.keyId());
    }
    if (!message.verify(signatureKey)) {
      throw new GroupDecryptionException(
          Reason.BAD_SIGNATURE,
          "signature of iteration " + message.iteration() + " does not verify");
    }
    int target = message.iteration();
    if (target < iteration) {
      byte[] storedKey = skipped.find(target);
      if (storedKey == null) {
        throw new DuplicateGroupMessageException(
            "iteration " + target + " already received, expired or before this key's distribution");
      }
      byte[] plaintext = open(message, storedKey);
      skipped.remove(target);
      return plaintext;
    }
    if ((long) target - iteration > MAX_SKIP) {
      throw new GroupDecryptionException(
          Reason.TOO_MANY_SKIPPED,
          "iteration "
              + target
              + " would skip "
              + (target - iteration)
              + " keys, more than "
              + MAX_SKIP);
    }

    // Plan on copies: nothing below touches this receiver until the message has authenticated.
    List<byte[]> skippedKeys = new ArrayList<>(target - iteration);
    byte[] chain = chainKey;
    for (int n = iteration; n < target; n++) {
      skippedKeys.add(SenderChain.messageKey(chain));
      byte[] following = SenderChain.nextChainKey(chain);
      Secrets.wipeUnlessShared(chain, chainKey);
      chain = following;
    }
    byte[] messageKey = SenderChain.messageKey(chain);
    byte[] nextChain = SenderChain.nextChainKey(chain);
    Secrets.wipeUnlessShared(chain, chainKey);
    byte[] plaintext;
    try {
      plaintext = open(message, messageKey);
    } catch (GroupDecryptionException e) {
      Secrets.wipe(nextChain);
      skippedKeys.forEach(Secrets::wipe);
      throw e;
    } finally {
      Secrets.wipe(messageKey);
    }

    for (int i = 0; i < skippedKeys.size(); i++) {
      skipped.add(iteration + i, skippedKeys.get(i));
    }
    Secrets.wipe(chainKey);
    chainKey = nextChain;
    iteration = target + 1;
    return plaintext;
  }

  private static byte[] open(SenderKeyMessage message, byte[] messageKey)
      throws GroupDecryptionException {
    try {
      return message.open(messageKey);
    } catch (AeadException e) {
      throw new GroupDecryptionException(
          Reason.AUTHENTICATION_FAILED,
          "iteration "
              + message.iteration()
              + " is signed but does not decrypt: "
              + e.getMessage());
    }
  }

  /** Returns the key id of the sender key this receiver reads. */
  public int keyId() {
    return keyId;
  }

  /** Returns the Ed25519 public key the sender signs this key's messages with. */
  public IdentityPublicKey signatureKey() {
    return signatureKey;
  }

  /** Returns the next iteration expected in order; every earlier one is stored or gone. */
  public int iteration() {
    return iteration;
  }

  /**
   * Returns the secret storage encoding (versioned; see the package documentation). It holds the
   * chain key and stored message keys: store it encrypted at rest, and replace the previous copy
   * after every successful {@code decrypt}, since an old copy can decrypt messages whose keys this
   * receiver has already deleted.
   */
  public byte[] toBytes() {
    return SenderKeyReceiverCodec.encode(this);
  }

  /**
   * Restores a receiver from {@link #toBytes()} output. Strict: any malformed field, unknown
   * version, out-of-order or out-of-range skipped key, or trailing byte is refused. The argument is
   * not modified or retained.
   *
   * @throws IllegalArgumentException if the encoding is malformed or of an unknown version
   */
  public static SenderKeyReceiver fromBytes(byte[] encoded) {
    Objects.requireNonNull(encoded, "encoded");
    ByteReader reader = new ByteReader(encoded);
    SenderKeyReceiver receiver = SenderKeyReceiverCodec.decode(reader);
    try {
      reader.expectEnd();
    } catch (IllegalArgumentException e) {
      receiver.destroy();
      throw e;
    }
    return receiver;
  }

  /** Wipes this receiver's keys once a record drops it; it must not be used afterwards. */
  void destroy() {
    Secrets.wipe(chainKey);
    skipped.clear();
  }

  byte[] chainKey() {
    return chainKey;
  }

  SkippedMessageKeys skipped() {
    return skipped;
  }

  @Override
  public String toString() {
    return "SenderKeyReceiver[keyId="
        + keyId
        + ", iteration="
        + iteration
        + ", signatureKey="
        + signatureKey.toHex()
        + ", skippedKeys="
        + skipped.size()
        + "]";
  }
}
