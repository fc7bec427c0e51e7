package dev.parley.crypto.session;

import dev.parley.crypto.encoding.Secrets;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.parley.crypto.identity.IdentityPublicKey;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA512Digest;

/**
 * The 60-digit number two users compare (by reading or scanning) to confirm that each holds the
 * other's real identity key, modelled on Signal's numeric fingerprint.
 *
 * <p>For each side, with {@code version} the 2-byte big-endian {@value #VERSION}, {@code key} the
 * 32-byte Ed25519 identity key and {@code id} the UTF-8 stable identifier:
 *
 * <pre>
 * hash_0     = version || key || id
 * hash_(i+1) = SHA-512(version || key || id || hash_i)      for i = 0 .. 5199
 * digits     = for each of the 6 five-byte chunks of hash_5200[0..30):
 *                  (chunk as big-endian uint40) mod 100000, zero-padded to 5 digits
 * </pre>
 *
 * The two 30-digit strings are concatenated lower first, so both users see the same 60 digits,
 * shown as 12 space-separated groups of 5. The iteration count makes finding a second key with the
 * same digits (about 2^100 work) costlier still. Stateless and thread-safe.
 */
public final class SafetyNumber {
  /** Format version hashed into every fingerprint. */
  public static final int VERSION = 0;

  /** SHA-512 iterations per fingerprint. */
  public static final int ITERATIONS = 5200;

  private static final int GROUPS_PER_SIDE = 6;
  private static final int GROUP_BYTES = 5;

  private SafetyNumber() {}

  /**
   * Returns the safety number for two identities, e.g. {@code "12345 67890 ... 24680"} (12 groups
   * of 5 digits). Symmetric: swapping the two (key, id) pairs gives the same string.
   *
   * @param aStableId a stable, user-visible identifier of {@code a}'s owner (e.g. account id)
   * @param bStableId the same for {@code b}
   */
  public static String of(
      IdentityPublicKey a, String aStableId, IdentityPublicKey b, String bStableId) {
    String first = digits(Objects.requireNonNull(a, "a"), Objects.requireNonNull(aStableId, "aId"));
    String second =
        digits(Objects.requireNonNull(b, "b"), Objects.requireNonNull(bStableId, "bId"));
    String combined = first.compareTo(second) <= 0 ? first + second : second + first;
    StringBuilder out = new StringBuilder(combined.length() + 11);
    for (int i = 0; i < combined.length(); i += GROUP_BYTES) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(combined, i, i + GROUP_BYTES);
    }
    return out.toString();
  }

  private static String digits(IdentityPublicKey key, String stableId) {
    byte[] prefix = Secrets.concat(new byte[] {0, VERSION}, key.bytes(), stableId.getBytes(UTF_8));
    SHA512Digest digest = new SHA512Digest();
    byte[] hash = prefix.clone();
    for (int i = 0; i < ITERATIONS; i++) {
      digest.update(prefix, 0, prefix.length);
      digest.update(hash, 0, hash.length);
      hash = new byte[digest.getDigestSize()];
      digest.doFinal(hash, 0);
    }
    StringBuilder out = new StringBuilder(GROUPS_PER_SIDE * GROUP_BYTES);
    for (int group = 0; group < GROUPS_PER_SIDE; group++) {
      long chunk = 0;
      for (int j = 0; j < GROUP_BYTES; j++) {
        chunk = (chunk << 8) | (hash[group * GROUP_BYTES + j] & 0xFF);
      }
      out.append(String.format("%05d", chunk % 100_000));
    }
    return out.toString();
  }
}
