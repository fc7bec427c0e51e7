package dev.parley.protocol.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The proof a device gives that it holds a resumption token's secret: HMAC-SHA256 of the resume
 * transcript ({@link LoginTranscript#forResume}) under the 32-byte secret. The secret itself never
 * goes on the wire after it is issued, so a proof is worth nothing on another connection or to a
 * server with another certificate.
 */
public final class ResumptionProof {
  public static final int SECRET_BYTES = 32;
  public static final int PROOF_BYTES = 32;

  private ResumptionProof() {}

  public static byte[] compute(byte[] secret, byte[] transcript) {
    if (secret.length != SECRET_BYTES) throw new IllegalArgumentException("secret must be 32 bytes");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(transcript);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Constant-time check of {@code proof}. */
  public static boolean verify(byte[] secret, byte[] transcript, byte[] proof) {
    return proof.length == PROOF_BYTES && MessageDigest.isEqual(compute(secret, transcript), proof);
  }
}
