package dev.parley.protocol.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a device signs with its identity key to authenticate a connection.
 *
 * <p>The transcript binds the signature to this connection (the server's fresh 32-byte challenge,
 * so a signature is never valid twice), to this server (the SHA-256 fingerprint of the certificate
 * the client saw in the TLS handshake, so a man in the middle with another certificate cannot relay
 * it), and to what is being asked (register a key under a name, or log in as one device).
 *
 * <p>Why the certificate fingerprint and not a TLS exporter (RFC 5705/9266): netty-tcnative's OpenSSL
 * engine exposes no exporter, and the JDK engine has one only from JDK 25, while we support 21+.
 */
public final class LoginTranscript {
  public static final int CHALLENGE_BYTES = 32;
  private static final byte[] DOMAIN = "parley-auth-v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte PURPOSE_REGISTER = 1;
  private static final byte PURPOSE_LOGIN = 2;
  private static final byte PURPOSE_LINK = 3;
  private static final byte PURPOSE_RESUME = 4;
  public static final int RESUMPTION_ID_BYTES = 16;

  private LoginTranscript() {}

  /** What a new device signs to register {@code identityKey} under {@code username}. */
  public static byte[] forRegister(
      byte[] challenge, byte[] serverCertSha256, byte[] identityKey, String username) {
    byte[] name = username.getBytes(StandardCharsets.UTF_8);
    return header(PURPOSE_REGISTER, challenge, serverCertSha256, 32 + 2 + name.length)
        .put(checkLength("identity key", identityKey, 32))
        .putShort((short) name.length)
        .put(name)
        .array();
  }

  /** What a new device signs to join the account that issued {@code linkCode}, with {@code identityKey}. */
  public static byte[] forLink(byte[] challenge, byte[] serverCertSha256, byte[] identityKey, String linkCode) {
    byte[] code = linkCode.getBytes(StandardCharsets.UTF_8);
    return header(PURPOSE_LINK, challenge, serverCertSha256, 32 + 2 + code.length)
        .put(checkLength("identity key", identityKey, 32))
        .putShort((short) code.length)
        .put(code)
        .array();
  }

  /** What an existing device signs to log in as ({@code userId}, {@code deviceId}). */
  public static byte[] forLogin(byte[] challenge, byte[] serverCertSha256, long userId, long deviceId) {
    return header(PURPOSE_LOGIN, challenge, serverCertSha256, 16).putLong(userId).putLong(deviceId).array();
  }

  /**
   * What a device authenticates, with HMAC-SHA256 under a resumption token's secret instead of a
   * signature, to log in as ({@code userId}, {@code deviceId}) with the token {@code resumptionId}.
   */
  public static byte[] forResume(
      byte[] challenge, byte[] serverCertSha256, long userId, long deviceId, byte[] resumptionId) {
    return header(PURPOSE_RESUME, challenge, serverCertSha256, 16 + RESUMPTION_ID_BYTES)
        .putLong(userId)
        .putLong(deviceId)
        .put(checkLength("resumption id", resumptionId, RESUMPTION_ID_BYTES))
        .array();
  }

  private static ByteBuffer header(byte purpose, byte[] challenge, byte[] serverCertSha256, int rest) {
    return ByteBuffer.allocate(DOMAIN.length + 1 + 1 + CHALLENGE_BYTES + 32 + rest)
        .put(DOMAIN)
        .put((byte) 0)
        .put(purpose)
        .put(checkLength("challenge", challenge, CHALLENGE_BYTES))
        .put(checkLength("certificate fingerprint", serverCertSha256, 32));
  }

  private static byte[] checkLength(String what, byte[] bytes, int length) {
    if (bytes.length != length) throw new IllegalArgumentException(what + " must be " + length + " bytes");
    return bytes;
  }
}
