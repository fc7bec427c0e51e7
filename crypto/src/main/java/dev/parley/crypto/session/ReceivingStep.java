package dev.parley.crypto.session;

import dev.parley.crypto.encoding.Secrets;

import dev.parley.crypto.agreement.X25519KeyPair;
import dev.parley.crypto.agreement.X25519PublicKey;
import dev.parley.crypto.session.DecryptionException.Reason;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything receiving one message would change, computed without changing anything: the next state
 * snapshot, the keys skipped on the way and the message key. The session applies it only once the
 * message authenticates, and otherwise {@link #discard}s it, which is what keeps a forged or
 * corrupted message from disturbing the session.
 */
final class ReceivingStep {
  /** A message key derived for a message that has not arrived. */
  record SkippedKey(SkippedMessageKeys.Slot slot, byte[] messageKey) {}

  private final RatchetState next;
  private final List<SkippedKey> skipped;
  private final byte[] messageKey;
  private final boolean ratcheted;

  private ReceivingStep(
      RatchetState next, List<SkippedKey> skipped, byte[] messageKey, boolean ratcheted) {
    this.next = next;
    this.skipped = skipped;
    this.messageKey = messageKey;
    this.ratcheted = ratcheted;
  }

  /**
   * Plans receiving message {@code header.messageNumber() >= current.receiveCount()} of the current
   * receiving chain.
   */
  static ReceivingStep onCurrentChain(RatchetState current, MessageHeader header)
      throws DecryptionException {
    if (current.receivingChainKey() == null) {
      // Only the initiator's view of the responder's signed prekey lands here: the responder
      // never sends under that key, so this message cannot be genuine.
      throw new DecryptionException(
          Reason.AUTHENTICATION_FAILED, "no receiving chain for this ratchet key");
    }
    checkSkip(current.receiveCount(), header.messageNumber());
    List<SkippedKey> skipped = new ArrayList<>();
    byte[] chain =
        skip(
            current.receivingChainKey(),
            header.ratchetKey(),
            current.receiveCount(),
            header.messageNumber(),
            skipped);
    byte[] messageKey = RatchetKdf.messageKey(chain);
    byte[] nextChain = RatchetKdf.nextChainKey(chain);
    Secrets.wipeUnlessShared(chain, current.receivingChainKey());
    RatchetState next =
        new RatchetState(
            current.sendingRatchetKey(),
            current.remoteRatchetKey(),
            current.rootKey(),
            current.sendingChainKey(),
            nextChain,
            current.sendCount(),
            header.messageNumber() + 1,
            current.previousSendCount());
    return new ReceivingStep(next, skipped, messageKey, false);
  }

  /**
   * Plans receiving a message under a new remote ratchet key: store the rest of the current
   * receiving chain up to {@code pn}, then a DH ratchet step (new receiving chain, fresh ratchet
   * key pair, new sending chain), then skip within the new chain up to {@code n}.
   */
  static ReceivingStep afterRatchet(RatchetState current, MessageHeader header, SecureRandom random)
      throws DecryptionException {
    if (current.receivingChainKey() != null) {
      checkSkip(current.receiveCount(), header.previousChainLength());
    }
    checkSkip(0, header.messageNumber());
    X25519PublicKey theirs = header.ratchetKey();
    byte[] receivingDh;
    try {
      receivingDh = current.sendingRatchetKey().agree(theirs);
    } catch (IllegalArgumentException lowOrder) {
      throw new DecryptionException(Reason.MALFORMED, "ratchet key is a low-order point");
    }

    List<SkippedKey> skipped = new ArrayList<>();
    if (current.receivingChainKey() != null) {
      byte[] end =
          skip(
              current.receivingChainKey(),
              current.remoteRatchetKey(),
              current.receiveCount(),
              header.previousChainLength(),
              skipped);
      Secrets.wipeUnlessShared(end, current.receivingChainKey());
    }
    RatchetKdf.RootStep receiving = RatchetKdf.root(current.rootKey(), receivingDh);
    X25519KeyPair newRatchetKey = X25519KeyPair.generate(random);
    byte[] sendingDh = newRatchetKey.agree(theirs); // cannot fail: theirs just passed
    RatchetKdf.RootStep sending = RatchetKdf.root(receiving.rootKey(), sendingDh);
    Secrets.wipe(receivingDh, sendingDh, receiving.rootKey());

    byte[] chain = skip(receiving.chainKey(), theirs, 0, header.messageNumber(), skipped);
    byte[] messageKey = RatchetKdf.messageKey(chain);
    byte[] nextChain = RatchetKdf.nextChainKey(chain);
    Secrets.wipe(chain, receiving.chainKey());
    RatchetState next =
        new RatchetState(
            newRatchetKey,
            theirs,
            sending.rootKey(),
            sending.chainKey(),
            nextChain,
            0,
            header.messageNumber() + 1,
            current.sendCount());
    return new ReceivingStep(next, skipped, messageKey, true);
  }

  RatchetState next() {
    return next;
  }

  List<SkippedKey> skipped() {
    return skipped;
  }

  /** The key for this message; owned by the step, wiped by {@link #discard} or the caller. */
  byte[] messageKey() {
    return messageKey;
  }

  /** Whether this step replaced the remote ratchet key. */
  boolean ratcheted() {
    return ratcheted;
  }

  /** Wipes everything this step derived, leaving {@code current} intact. */
  void discard(RatchetState current) {
    Secrets.wipe(messageKey);
    for (SkippedKey key : skipped) {
      Secrets.wipe(key.messageKey());
    }
    Secrets.wipeUnlessShared(next.rootKey(), current.rootKey());
    Secrets.wipeUnlessShared(next.sendingChainKey(), current.sendingChainKey());
    Secrets.wipeUnlessShared(next.receivingChainKey(), current.receivingChainKey());
  }

  private static void checkSkip(int from, int until) throws DecryptionException {
    if ((long) until - from > RatchetSession.MAX_SKIP) {
      throw new DecryptionException(
          Reason.TOO_MANY_SKIPPED,
          "message "
              + until
              + " would skip "
              + (until - from)
              + " keys, more than "
              + RatchetSession.MAX_SKIP);
    }
  }

  /**
   * Derives and records message keys {@code from .. until - 1} of a chain. Returns the chain key
   * for message {@code until}: {@code chainKey} itself when nothing was skipped, otherwise a fresh
   * array. Intermediate chain keys are wiped; {@code chainKey} is left to its owner.
   */
  private static byte[] skip(
      byte[] chainKey, X25519PublicKey ratchetKey, int from, int until, List<SkippedKey> out) {
    byte[] chain = chainKey;
    for (int n = from; n < until; n++) {
      out.add(
          new SkippedKey(new SkippedMessageKeys.Slot(ratchetKey, n), RatchetKdf.messageKey(chain)));
      byte[] following = RatchetKdf.nextChainKey(chain);
      Secrets.wipeUnlessShared(chain, chainKey);
      chain = following;
    }
    return chain;
  }
}
