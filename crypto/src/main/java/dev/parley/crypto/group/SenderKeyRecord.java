package dev.parley.crypto.group;

import dev.parley.crypto.encoding.ByteReader;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a member keeps to read one other member device's messages to one group: up to {@value
 * #MAX_KEYS} {@link SenderKeyReceiver}s by key id, newest first. Holding more than one lets
 * messages sent under a sender key that was just rotated away still decrypt; beyond {@value
 * #MAX_KEYS} the oldest receiver is dropped and its keys wiped.
 *
 * <p>Storage encoding ({@link #toBytes()}), secret:
 *
 * <pre>
 * version[1] = 0x01 || count[1] (&lt;= 5) || receivers, newest first, each a SenderKeyReceiver encoding
 * </pre>
 *
 * <p><b>Not thread-safe.</b> Confine each record to one thread (or one actor/lock per group and
 * sender), and persist {@link #toBytes()} after every successful {@code add} and {@code decrypt}. A
 * failed {@link #decrypt} leaves the record exactly as it was.
 */
public final class SenderKeyRecord {
  /** Most sender keys held per sender; adding another drops the oldest. */
  public static final int MAX_KEYS = 5;

  private static final int VERSION = 1;

  private final List<SenderKeyReceiver> receivers;

  /** Creates an empty record. */
  public SenderKeyRecord() {
    this(new ArrayList<>());
  }

  private SenderKeyRecord(List<SenderKeyReceiver> receivers) {
    this.receivers = receivers;
  }

  /**
   * Adds a sender key distribution that came, through the pairwise session, from the member this
   * record belongs to, as the newest key.
   *
   * <p>A distribution for a key id already held with the same signature key changes nothing: the
   * held receiver already covers everything it could decrypt, and replacing it with an earlier
   * iteration would let used message keys be derived again. A held key id with a different
   * signature key is a new sender key and replaces the old one.
   *
   * @return whether the record changed
   */
  public boolean add(SenderKeyDistribution distribution) {
    Objects.requireNonNull(distribution, "distribution");
    SenderKeyReceiver held = find(distribution.keyId());
    if (held != null) {
      if (held.signatureKey().equals(distribution.signatureKey())) {
        return false;
      }
      receivers.remove(held);
      held.destroy();
    }
    receivers.addFirst(SenderKeyReceiver.fromDistribution(distribution));
    while (receivers.size() > MAX_KEYS) {
      receivers.removeLast().destroy();
    }
    return true;
  }

  /**
   * Decrypts a message with the receiver for the key id it names; see {@link
   * SenderKeyReceiver#decrypt}. On any failure the record is unchanged.
   *
   * @throws UnknownSenderKeyException if no held receiver has the message's key id
   * @throws GroupDecryptionException for the other reasons {@link SenderKeyReceiver#decrypt} gives
   */
  public byte[] decrypt(byte[] message) throws GroupDecryptionException {
    Objects.requireNonNull(message, "message");
    SenderKeyMessage decoded = SenderKeyMessage.decode(message);
    SenderKeyReceiver receiver = find(decoded.keyId());
    if (receiver == null) {
      throw new UnknownSenderKeyException(decoded.keyId());
    }
    return receiver.decrypt(decoded);
  }

  /** Returns the held key ids, newest first. */
  public List<Integer> keyIds() {
    return receivers.stream().map(SenderKeyReceiver::keyId).toList();
  }

  /** Whether no sender key is held yet. */
  public boolean isEmpty() {
    return receivers.isEmpty();
  }

  private SenderKeyReceiver find(int keyId) {
    for (SenderKeyReceiver receiver : receivers) {
      if (receiver.keyId() == keyId) {
        return receiver;
      }
    }
    return null;
  }

  /**
   * Returns the secret storage encoding (versioned; see the class documentation). Store it
   * encrypted at rest and replace the previous copy after every change.
   */
  public byte[] toBytes() {
    int length = 2;
    for (SenderKeyReceiver receiver : receivers) {
      length += SenderKeyReceiverCodec.encodedLength(receiver);
    }
    // Sized exactly: a growing buffer would leave unwipeable copies of the secrets behind.
    ByteBuffer out = ByteBuffer.allocate(length).put((byte) VERSION).put((byte) receivers.size());
    for (SenderKeyReceiver receiver : receivers) {
      SenderKeyReceiverCodec.encode(receiver, out);
    }
    return out.array();
  }

  /**
   * Restores a record from {@link #toBytes()} output. Strict: an unknown version, more than {@value
   * #MAX_KEYS} receivers, a repeated key id, any malformed receiver or a trailing byte is refused.
   * The argument is not modified or retained.
   *
   * @throws IllegalArgumentException if the encoding is malformed or of an unknown version
   */
  public static SenderKeyRecord fromBytes(byte[] encoded) {
    Objects.requireNonNull(encoded, "encoded");
    ByteReader reader = new ByteReader(encoded);
    reader.expectVersion(VERSION);
    int count = reader.u8();
    if (count > MAX_KEYS) {
      throw new IllegalArgumentException("too many sender keys: " + count);
    }
    List<SenderKeyReceiver> receivers = new ArrayList<>(count);
    try {
      Set<Integer> keyIds = new HashSet<>();
      for (int i = 0; i < count; i++) {
        SenderKeyReceiver receiver = SenderKeyReceiverCodec.decode(reader);
        receivers.add(receiver);
        if (!keyIds.add(receiver.keyId())) {
          throw new IllegalArgumentException("repeated sender key id " + receiver.keyId());
        }
      }
      reader.expectEnd();
    } catch (IllegalArgumentException e) {
      receivers.forEach(SenderKeyReceiver::destroy);
      throw e;
    }
    return new SenderKeyRecord(receivers);
  }

  @Override
  public String toString() {
    return "SenderKeyRecord" + receivers;
  }
}
