package dev.parley.crypto.session;

import dev.parley.crypto.encoding.Secrets;

import dev.parley.crypto.aead.AeadException;
import dev.parley.crypto.agreement.X25519KeyPair;
import dev.parley.crypto.agreement.X25519PublicKey;
import dev.parley.crypto.identity.IdentityPublicKey;
import dev.parley.crypto.session.DecryptionException.Reason;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * One end of an end-to-end encrypted session with one remote device: the Double Ratchet (Signal's
 * specification, without header encryption) with X25519, HKDF-SHA256 and HMAC-SHA256 chains, and
 * AES-256-GCM messages. Created by {@link SessionInitiator} or {@link SessionResponder}; formats
 * and KDF labels are listed in the package documentation.
 *
 * <p>Guarantees: every message key is used for one message and then wiped (forward secrecy); a new
 * remote ratchet key triggers a DH ratchet step (post-compromise security); messages may arrive out
 * of order, with up to {@value #MAX_SKIP} keys skipped per chain step and at most {@value
 * #MAX_STORED_SKIPPED_KEYS} skipped keys stored (oldest evicted); and <b>a failed {@link #decrypt}
 * leaves the session exactly as it was</b>.
 *
 * <p><b>Not thread-safe.</b> A session is mutable state; callers confine each session to one thread
 * (or one actor/lock per remote device) and persist {@link #toBytes()} after every successful
 * {@code encrypt} and {@code decrypt}, before acting on the result.
 */
public final class RatchetSession {
  /** Most message keys one chain step may skip; a message further ahead is refused. */
  public static final int MAX_SKIP = 1000;

  /** Most skipped message keys kept; beyond it the oldest are evicted. */
  public static final int MAX_STORED_SKIPPED_KEYS = 2000;

  /**
   * How many previous remote ratchet keys are remembered, so that a replayed message from an older
   * chain is reported as {@link DuplicateMessageException} rather than as a failed authentication.
   * Affects only the error reported, never what decrypts.
   */
  static final int RETIRED_KEYS_KEPT = 20;

  private final boolean initiator;
  private final byte[] associatedData;
  private final SecureRandom random;
  private final SkippedMessageKeys skipped;
  private final ArrayDeque<X25519PublicKey> retiredRemoteKeys;
  private RatchetState state;

  RatchetSession(
      boolean initiator,
      byte[] associatedData,
      SecureRandom random,
      RatchetState state,
      SkippedMessageKeys skipped,
      ArrayDeque<X25519PublicKey> retiredRemoteKeys) {
    this.initiator = initiator;
    this.associatedData = associatedData;
    this.random = random;
    this.state = state;
    this.skipped = skipped;
    this.retiredRemoteKeys = retiredRemoteKeys;
  }

  /**
   * Alice's initialisation: a fresh ratchet key, and the first sending chain from SK and the
   * responder's signed prekey. {@code sharedKey} is not retained.
   */
  static RatchetSession initiating(
      byte[] sharedKey,
      byte[] associatedData,
      X25519PublicKey theirSignedPrekey,
      SecureRandom random) {
    X25519KeyPair ratchetKey = X25519KeyPair.generate(random);
    byte[] dh = ratchetKey.agree(theirSignedPrekey);
    RatchetKdf.RootStep step = RatchetKdf.root(sharedKey, dh);
    Secrets.wipe(dh);
    RatchetState state =
        new RatchetState(
            ratchetKey, theirSignedPrekey, step.rootKey(), step.chainKey(), null, 0, 0, 0);
    return new RatchetSession(
        true, associatedData, random, state, newSkipped(), new ArrayDeque<>());
  }

  /**
   * Bob's initialisation: his signed prekey is his first ratchet key and SK the root key; chains
   * start with the first received message. {@code sharedKey} is copied, not retained.
   */
  static RatchetSession responding(
      byte[] sharedKey, byte[] associatedData, X25519KeyPair signedPrekey, SecureRandom random) {
    RatchetState state =
        new RatchetState(signedPrekey, null, sharedKey.clone(), null, null, 0, 0, 0);
    return new RatchetSession(
        false, associatedData, random, state, newSkipped(), new ArrayDeque<>());
  }

  static SkippedMessageKeys newSkipped() {
    return new SkippedMessageKeys(MAX_STORED_SKIPPED_KEYS);
  }

  /**
   * Encrypts {@code plaintext} as the next message of the sending chain.
   *
   * @return {@code header[41] || AES-256-GCM ciphertext || tag[16]}; see the package documentation
   * @throws IllegalStateException if this is a responder's session that has not yet decrypted the
   *     initiator's first message (it has no sending chain yet)
   */
  public byte[] encrypt(byte[] plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    if (state.sendingChainKey() == null) {
      throw new IllegalStateException(
          "cannot send before decrypting the initiator's first message");
    }
    if (state.sendCount() >= MessageHeader.MAX_COUNTER) {
      throw new IllegalStateException("sending chain exhausted; the session must be replaced");
    }
    byte[] header =
        new MessageHeader(
                state.sendingRatchetKey().publicKey(), state.previousSendCount(), state.sendCount())
            .toBytes();
    byte[] messageKey = RatchetKdf.messageKey(state.sendingChainKey());
    try {
      byte[] ciphertext =
          MessageCipher.seal(messageKey, plaintext, Secrets.concat(associatedData, header));
      RatchetState next = state.afterSending(RatchetKdf.nextChainKey(state.sendingChainKey()));
      state.retire(next);
      state = next;
      return Secrets.concat(header, ciphertext);
    } finally {
      Secrets.wipe(messageKey);
    }
  }

  /**
   * Decrypts a message produced by the peer's {@link #encrypt}. On success the message key is
   * deleted, so the same message never decrypts twice. On any failure the session is unchanged.
   *
   * @throws DuplicateMessageException if the message's key was already used or deleted (a replay, a
   *     redelivery, or a message whose skipped key was evicted)
   * @throws DecryptionException if the message is malformed ({@code MALFORMED}), does not
   *     authenticate ({@code AUTHENTICATION_FAILED}), or is more than {@value #MAX_SKIP} messages
   *     ahead in its chain ({@code TOO_MANY_SKIPPED})
   */
  public byte[] decrypt(byte[] message) throws DecryptionException {
    Objects.requireNonNull(message, "message");
    MessageHeader header = MessageHeader.decode(message);
    byte[] aad = Secrets.concat(associatedData, Arrays.copyOf(message, MessageHeader.LENGTH));
    byte[] ciphertext = Arrays.copyOfRange(message, MessageHeader.LENGTH, message.length);

    SkippedMessageKeys.Slot slot =
        new SkippedMessageKeys.Slot(header.ratchetKey(), header.messageNumber());
    byte[] storedKey = skipped.find(slot);
    if (storedKey != null) {
      byte[] plaintext = open(storedKey, ciphertext, aad);
      skipped.remove(slot);
      return plaintext;
    }

    ReceivingStep step = plan(header);
    byte[] plaintext;
    try {
      plaintext = open(step.messageKey(), ciphertext, aad);
    } catch (DecryptionException e) {
      step.discard(state);
      throw e;
    }
    commit(step);
    return plaintext;
  }

  private ReceivingStep plan(MessageHeader header) throws DecryptionException {
    X25519PublicKey theirs = header.ratchetKey();
    if (theirs.equals(state.remoteRatchetKey())) {
      if (header.messageNumber() < state.receiveCount()) {
        throw new DuplicateMessageException(
            "message "
                + header.messageNumber()
                + " of the current chain already received or expired");
      }
      return ReceivingStep.onCurrentChain(state, header);
    }
    if (retiredRemoteKeys.contains(theirs)) {
      throw new DuplicateMessageException(
          "message " + header.messageNumber() + " of an earlier chain already received or expired");
    }
    return ReceivingStep.afterRatchet(state, header, random);
  }

  private void commit(ReceivingStep step) {
    if (step.ratcheted() && state.remoteRatchetKey() != null) {
      retiredRemoteKeys.addLast(state.remoteRatchetKey());
      while (retiredRemoteKeys.size() > RETIRED_KEYS_KEPT) {
        retiredRemoteKeys.removeFirst();
      }
    }
    for (ReceivingStep.SkippedKey key : step.skipped()) {
      skipped.add(key.slot(), key.messageKey());
    }
    state.retire(step.next());
    state = step.next();
    Secrets.wipe(step.messageKey());
  }

  private static byte[] open(byte[] messageKey, byte[] ciphertext, byte[] aad)
      throws DecryptionException {
    try {
      return MessageCipher.open(messageKey, ciphertext, aad);
    } catch (AeadException e) {
      throw new DecryptionException(Reason.AUTHENTICATION_FAILED, e.getMessage());
    }
  }

  /**
   * Whether a message from the peer has decrypted in this session. Until it has, an initiator keeps
   * sending the {@link InitialHeader} with each message, and a responder cannot encrypt.
   */
  public boolean hasReceivedMessage() {
    return state.receivingChainKey() != null;
  }

  /** Whether this side started the session with {@link SessionInitiator}. */
  public boolean isInitiator() {
    return initiator;
  }

  /** Returns this device's identity key as bound into the session. */
  public IdentityPublicKey localIdentity() {
    return identityAt(initiator ? 0 : 32);
  }

  /** Returns the peer device's identity key as bound into the session. */
  public IdentityPublicKey remoteIdentity() {
    return identityAt(initiator ? 32 : 0);
  }

  private IdentityPublicKey identityAt(int offset) {
    return new IdentityPublicKey(Arrays.copyOfRange(associatedData, offset, offset + 32));
  }

  /**
   * Returns the secret storage encoding (versioned; see the package documentation). It holds the
   * current ratchet private key and stored message keys: store it encrypted at rest, and replace
   * the previous copy after every {@code encrypt}/{@code decrypt}, since an old copy can decrypt
   * messages whose keys this session has already deleted.
   */
  public byte[] toBytes() {
    return RatchetSessionCodec.encode(this);
  }

  /**
   * Same as {@link #fromBytes(byte[], SecureRandom)} with a new default {@link SecureRandom}.
   *
   * @throws IllegalArgumentException if the encoding is malformed or of an unknown version
   */
  public static RatchetSession fromBytes(byte[] encoded) {
    return fromBytes(encoded, new SecureRandom());
  }

  /**
   * Restores a session from {@link #toBytes()} output. Strict: any malformed field, unknown version
   * or trailing byte is refused. The argument is not modified or retained.
   *
   * @param random source for future ratchet key pairs; retained by the session
   * @throws IllegalArgumentException if the encoding is malformed or of an unknown version
   */
  public static RatchetSession fromBytes(byte[] encoded, SecureRandom random) {
    Objects.requireNonNull(encoded, "encoded");
    Objects.requireNonNull(random, "random");
    return RatchetSessionCodec.decode(encoded, random);
  }

  boolean initiator() {
    return initiator;
  }

  byte[] associatedData() {
    return associatedData;
  }

  RatchetState state() {
    return state;
  }

  SkippedMessageKeys skipped() {
    return skipped;
  }

  ArrayDeque<X25519PublicKey> retiredRemoteKeys() {
    return retiredRemoteKeys;
  }

  @Override
  public String toString() {
    return "RatchetSession[remote="
        + remoteIdentity().toHex()
        + ", initiator="
        + initiator
        + ", "
        + state
        + ", skippedKeys="
        + skipped.size()
        + "]";
  }
}
