package dev.parley.crypto.group;

import dev.parley.crypto.encoding.ByteReader;
import dev.parley.crypto.encoding.Secrets;

import dev.parley.crypto.identity.IdentityPublicKey;
import java.nio.ByteBuffer;

/**
 * The versioned storage encoding of a {@link SenderKeyReceiver}; the layout is in the package
 * documentation. Self-delimiting, so a {@link SenderKeyRecord} can hold several back to back.
 * Decoding is strict so that a corrupted store is noticed rather than half-loaded.
 */
final class SenderKeyReceiverCodec {
  static final int VERSION = 1;
  private static final int KEY = SenderChain.KEY_LENGTH;
  private static final int FIXED_LENGTH = 1 + 4 + 4 + KEY + IdentityPublicKey.LENGTH + 2;

  private SenderKeyReceiverCodec() {}

  static int encodedLength(SenderKeyReceiver receiver) {
    return FIXED_LENGTH + (4 + KEY) * receiver.skipped().size();
  }

  static void encode(SenderKeyReceiver receiver, ByteBuffer out) {
    SkippedMessageKeys skipped = receiver.skipped();
    out.put((byte) VERSION)
        .putInt(receiver.keyId())
        .putInt(receiver.iteration())
        .put(receiver.chainKey())
        .put(receiver.signatureKey().bytes())
        .putShort((short) skipped.size());
    skipped.forEach((messageKey, iteration) -> out.putInt(iteration).put(messageKey));
  }

  static byte[] encode(SenderKeyReceiver receiver) {
    // Sized exactly: a growing buffer would leave unwipeable copies of the secrets behind.
    ByteBuffer out = ByteBuffer.allocate(encodedLength(receiver));
    encode(receiver, out);
    return out.array();
  }

  /** Reads one receiver at the reader's position; the caller checks what follows. */
  static SenderKeyReceiver decode(ByteReader reader) {
    reader.expectVersion(VERSION);
    int keyId = reader.nonNegativeInt();
    int iteration = reader.nonNegativeInt();
    byte[] chainKey = reader.bytes(KEY);
    SkippedMessageKeys skipped = SenderKeyReceiver.newSkipped();
    try {
      IdentityPublicKey signatureKey =
          new IdentityPublicKey(reader.bytes(IdentityPublicKey.LENGTH));
      int count = reader.u16();
      if (count > SenderKeyReceiver.MAX_STORED_SKIPPED_KEYS) {
        throw new IllegalArgumentException("too many skipped message keys: " + count);
      }
      int previous = -1;
      for (int i = 0; i < count; i++) {
        int skippedIteration = reader.nonNegativeInt();
        if (skippedIteration <= previous || skippedIteration >= iteration) {
          throw new IllegalArgumentException(
              "skipped iteration " + skippedIteration + " out of order or not before " + iteration);
        }
        previous = skippedIteration;
        skipped.add(skippedIteration, reader.bytes(KEY));
      }
      return new SenderKeyReceiver(keyId, signatureKey, iteration, chainKey, skipped);
    } catch (IllegalArgumentException e) {
      Secrets.wipe(chainKey);
      skipped.clear();
      throw e;
    }
  }
}
