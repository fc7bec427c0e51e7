package dev.parley.crypto.identity;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * Recently used Ed25519 public keys in their decoded (point) form. Decoding a key is a field
 * square root, about a sixth of a verification, and the same key is checked several times in a
 * row: a registration verifies five signatures by one identity key (the transcript, the identity
 * DH key, the signed prekey and two KEM prekeys), and a device's logins and uploads repeat it.
 *
 * <p>Shared by all threads (the decoded parameters are immutable), bounded: past {@link #MAX_KEYS}
 * it drops an arbitrary tenth, which only costs decodes. Keys that are not curve points are never
 * kept.
 */
final class DecodedKeys {
  static final int MAX_KEYS = 4_096;
  private static final Map<ByteBuffer, Ed25519PublicKeyParameters> KEYS = new ConcurrentHashMap<>();

  private DecodedKeys() {}

  /** The decoded key, or null when {@code encoded} is not a valid point. */
  static Ed25519PublicKeyParameters of(byte[] encoded) {
    ByteBuffer id = ByteBuffer.wrap(encoded); // the caller's array is never written after construction
    Ed25519PublicKeyParameters known = KEYS.get(id);
    if (known != null) return known;
    Ed25519PublicKeyParameters decoded;
    try {
      decoded = new Ed25519PublicKeyParameters(encoded, 0);
    } catch (IllegalArgumentException notAPoint) {
      return null;
    }
    if (KEYS.size() >= MAX_KEYS) shrink();
    KEYS.put(id, decoded);
    return decoded;
  }

  static int size() {
    return KEYS.size();
  }

  private static void shrink() {
    int drop = MAX_KEYS / 10;
    for (Iterator<ByteBuffer> it = KEYS.keySet().iterator(); it.hasNext() && drop-- > 0; ) {
      it.next();
      it.remove();
    }
  }
}
