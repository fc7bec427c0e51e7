package dev.parley.crypto.session;

import dev.parley.crypto.encoding.Secrets;

import dev.parley.crypto.agreement.X25519KeyPair;
import dev.parley.crypto.agreement.X25519PublicKey;

/**
 * One snapshot of a Double Ratchet's keys and counters (the specification's DHs, DHr, RK, CKs, CKr,
 * Ns, Nr, PN). Treated as immutable: a step builds a new snapshot, and arrays that did not change
 * are shared between the two, which is why {@link #retire} wipes only what the successor no longer
 * holds.
 *
 * @param sendingRatchetKey DHs, our current ratchet key pair
 * @param remoteRatchetKey DHr, the peer's current ratchet key; null until the responder receives
 * @param rootKey RK
 * @param sendingChainKey CKs; null until the responder receives its first message
 * @param receivingChainKey CKr; null until the first message is received
 * @param sendCount Ns, the number of the next message we send in this chain
 * @param receiveCount Nr, the number of the next message expected in the receiving chain
 * @param previousSendCount PN, the length of our previous sending chain
 */
record RatchetState(
    X25519KeyPair sendingRatchetKey,
    X25519PublicKey remoteRatchetKey,
    byte[] rootKey,
    byte[] sendingChainKey,
    byte[] receivingChainKey,
    int sendCount,
    int receiveCount,
    int previousSendCount) {

  /** The snapshot after sending one message with the current sending chain key. */
  RatchetState afterSending(byte[] nextSendingChainKey) {
    return new RatchetState(
        sendingRatchetKey,
        remoteRatchetKey,
        rootKey,
        nextSendingChainKey,
        receivingChainKey,
        sendCount + 1,
        receiveCount,
        previousSendCount);
  }

  /** Wipes every key array of this snapshot that {@code successor} does not share. */
  void retire(RatchetState successor) {
    Secrets.wipeUnlessShared(rootKey, successor.rootKey);
    Secrets.wipeUnlessShared(sendingChainKey, successor.sendingChainKey);
    Secrets.wipeUnlessShared(receivingChainKey, successor.receivingChainKey);
  }

  @Override
  public String toString() {
    return "RatchetState[ratchetKey="
        + sendingRatchetKey.publicKey().toHex()
        + ", Ns="
        + sendCount
        + ", Nr="
        + receiveCount
        + ", PN="
        + previousSendCount
        + "]";
  }
}
