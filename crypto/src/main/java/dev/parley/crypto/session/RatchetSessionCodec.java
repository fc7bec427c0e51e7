package dev.parley.crypto.session;

import dev.parley.crypto.encoding.ByteReader;
import dev.parley.crypto.encoding.Secrets;

import dev.parley.crypto.agreement.X25519KeyPair;
import dev.parley.crypto.agreement.X25519PublicKey;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The versioned storage encoding of a {@link RatchetSession}; the layout is in the package
 * documentation. Decoding is strict so that a corrupted store is noticed rather than half-loaded.
 */
final class RatchetSessionCodec {
  static final int VERSION = 1;
  private static final int KEY = 32;

  private RatchetSessionCodec() {}

  static byte[] encode(RatchetSession session) {
    RatchetState state = session.state();
    SkippedMessageKeys skipped = session.skipped();
    int length =
        2
            + Pqxdh.ASSOCIATED_DATA_LENGTH
            + KEY
            + optionalLength(state.remoteRatchetKey())
            + KEY
            + optionalLength(state.sendingChainKey())
            + optionalLength(state.receivingChainKey())
            + 3 * 4
            + 1
            + KEY * session.retiredRemoteKeys().size()
            + 2
            + (KEY + 4 + KEY) * skipped.size();
    // Sized exactly: a growing buffer would leave unwipeable copies of the secrets behind.
    ByteBuffer out = ByteBuffer.allocate(length);
    out.put((byte) VERSION).put((byte) (session.initiator() ? 0 : 1));
    out.put(session.associatedData());
    byte[] privateKey = state.sendingRatchetKey().privateKeyBytes();
    out.put(privateKey);
    Secrets.wipe(privateKey);
    putOptional(out, state.remoteRatchetKey() == null ? null : state.remoteRatchetKey().bytes());
    out.put(state.rootKey());
    putOptional(out, state.sendingChainKey());
    putOptional(out, state.receivingChainKey());
    out.putInt(state.sendCount()).putInt(state.receiveCount()).putInt(state.previousSendCount());
    out.put((byte) session.retiredRemoteKeys().size());
    for (X25519PublicKey key : session.retiredRemoteKeys()) {
      out.put(key.bytes());
    }
    out.putShort((short) skipped.size());
    skipped.forEach(
        (slot, messageKey) ->
            out.put(slot.ratchetKey().bytes()).putInt(slot.messageNumber()).put(messageKey));
    return out.array();
  }

  static RatchetSession decode(byte[] encoded, SecureRandom random) {
    ByteReader reader = new ByteReader(encoded);
    reader.expectVersion(VERSION);
    int role = reader.u8();
    if (role > 1) {
      throw new IllegalArgumentException("unknown session role " + role);
    }
    byte[] associatedData = reader.bytes(Pqxdh.ASSOCIATED_DATA_LENGTH);
    byte[] privateKey = reader.bytes(KEY);
    X25519KeyPair ratchetKey = X25519KeyPair.fromPrivateKey(privateKey);
    Secrets.wipe(privateKey);
    byte[] remote = readOptional(reader);
    byte[] rootKey = reader.bytes(KEY);
    byte[] sendingChainKey = readOptional(reader);
    byte[] receivingChainKey = readOptional(reader);
    int sendCount = counter(reader);
    int receiveCount = counter(reader);
    int previousSendCount = counter(reader);

    int retiredCount = reader.u8();
    if (retiredCount > RatchetSession.RETIRED_KEYS_KEPT) {
      throw new IllegalArgumentException("too many retired ratchet keys: " + retiredCount);
    }
    ArrayDeque<X25519PublicKey> retired = new ArrayDeque<>();
    for (int i = 0; i < retiredCount; i++) {
      retired.addLast(new X25519PublicKey(reader.bytes(KEY)));
    }
    int skippedCount = reader.u16();
    if (skippedCount > RatchetSession.MAX_STORED_SKIPPED_KEYS) {
      throw new IllegalArgumentException("too many skipped message keys: " + skippedCount);
    }
    SkippedMessageKeys skipped = RatchetSession.newSkipped();
    Set<SkippedMessageKeys.Slot> seen = new HashSet<>();
    for (int i = 0; i < skippedCount; i++) {
      SkippedMessageKeys.Slot slot =
          new SkippedMessageKeys.Slot(new X25519PublicKey(reader.bytes(KEY)), counter(reader));
      if (!seen.add(slot)) {
        throw new IllegalArgumentException("duplicate skipped message key " + slot);
      }
      skipped.add(slot, reader.bytes(KEY));
    }
    reader.expectEnd();
    checkConsistent(role == 0, remote, sendingChainKey, receivingChainKey);

    RatchetState state =
        new RatchetState(
            ratchetKey,
            remote == null ? null : new X25519PublicKey(remote),
            rootKey,
            sendingChainKey,
            receivingChainKey,
            sendCount,
            receiveCount,
            previousSendCount);
    return new RatchetSession(role == 0, associatedData, random, state, skipped, retired);
  }

  /** Refuses combinations no sequence of steps can produce, which would break later steps. */
  private static void checkConsistent(
      boolean initiator, byte[] remote, byte[] sendingChainKey, byte[] receivingChainKey) {
    if (receivingChainKey != null && remote == null) {
      throw new IllegalArgumentException("receiving chain without a remote ratchet key");
    }
    if (sendingChainKey == null && (initiator || receivingChainKey != null)) {
      throw new IllegalArgumentException("missing sending chain");
    }
  }

  private static int counter(ByteReader reader) {
    int value = reader.nonNegativeInt();
    if (value > MessageHeader.MAX_COUNTER) {
      throw new IllegalArgumentException("counter out of range: " + value);
    }
    return value;
  }

  private static int optionalLength(Object key) {
    return key == null ? 1 : 1 + KEY;
  }

  private static void putOptional(ByteBuffer out, byte[] key) {
    out.put((byte) (key == null ? 0 : 1));
    if (key != null) {
      out.put(key);
    }
  }

  private static byte[] readOptional(ByteReader reader) {
    return reader.flag() ? reader.bytes(KEY) : null;
  }
}
