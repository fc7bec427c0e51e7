package dev.parley.server.account;

import com.google.protobuf.ByteString;
import dev.parley.protocol.auth.LoginTranscript;
import dev.parley.protocol.auth.ResumptionProof;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time resumption tokens, in memory: at most one per device, issued at each login, consumed by
 * the login that presents it (whether or not its proof is good), expiring after {@code ttl}. A
 * restart forgets them all and devices log in with a signature again. Bounded by {@code maxTokens}:
 * when full, expired tokens are dropped, and if none is, no token is issued (the device then simply
 * pays a full login next time). Thread-safe.
 */
final class ResumptionTokens {
  record Token(UserId user, DeviceId device, byte[] secret, long expiresAtMs) {}

  private final ConcurrentHashMap<ByteString, Token> byId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<DeviceId, ByteString> byDevice = new ConcurrentHashMap<>();
  private final Duration ttl;
  private final int maxTokens;
  private final Clock clock;
  private final SecureRandom random;

  ResumptionTokens(Duration ttl, int maxTokens, Clock clock, SecureRandom random) {
    this.ttl = ttl;
    this.maxTokens = maxTokens;
    this.clock = clock;
    this.random = random;
  }

  /** A new token for the device (id followed by secret), replacing its previous one; empty when off or full. */
  Optional<byte[]> issue(UserId user, DeviceId device) {
    if (ttl.isZero()) return Optional.empty();
    if (byId.size() >= maxTokens) {
      long now = clock.millis();
      byId.entrySet().removeIf(e -> e.getValue().expiresAtMs() <= now && byDevice.remove(e.getValue().device(), e.getKey()));
      if (byId.size() >= maxTokens) return Optional.empty();
    }
    byte[] id = new byte[LoginTranscript.RESUMPTION_ID_BYTES];
    byte[] secret = new byte[ResumptionProof.SECRET_BYTES];
    random.nextBytes(id);
    random.nextBytes(secret);
    ByteString key = ByteString.copyFrom(id);
    byId.put(key, new Token(user, device, secret, clock.millis() + ttl.toMillis()));
    ByteString previous = byDevice.put(device, key);
    if (previous != null) byId.remove(previous);
    byte[] token = new byte[id.length + secret.length];
    System.arraycopy(id, 0, token, 0, id.length);
    System.arraycopy(secret, 0, token, id.length, secret.length);
    return Optional.of(token);
  }

  /**
   * Consumes the token {@code id} and returns it if it is for ({@code user}, {@code device}), has not
   * expired and {@code proof} is its HMAC over {@code transcript}.
   */
  Optional<Token> redeem(byte[] id, UserId user, DeviceId device, byte[] transcript, byte[] proof) {
    ByteString key = ByteString.copyFrom(id);
    Token t = byId.remove(key);
    if (t == null) return Optional.empty();
    byDevice.remove(t.device(), key);
    boolean good = t.user().equals(user) && t.device().equals(device) && t.expiresAtMs() > clock.millis()
        && ResumptionProof.verify(t.secret(), transcript, proof);
    return good ? Optional.of(t) : Optional.empty();
  }

  /** Drops the device's token (its device was revoked). */
  void revoke(DeviceId device) {
    ByteString key = byDevice.remove(device);
    if (key != null) byId.remove(key);
  }
}
