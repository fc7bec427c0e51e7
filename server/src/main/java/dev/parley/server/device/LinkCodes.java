package dev.parley.server.device;

import dev.parley.storage.account.UserId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time codes with which an account's existing device approves a new one. Short-lived and held in
 * memory only: a restart simply invalidates them. Bounded; thread-safe.
 */
final class LinkCodes {
  /** No 0/O, 1/I/L: the code is read off one screen and typed on another. */
  private static final char[] ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ".toCharArray();
  private static final int LENGTH = 10;
  /** Pending codes one account may hold; keeps one account from using up the server-wide bound. */
  static final int PER_ACCOUNT = 5;

  private record Pending(UserId user, long expiresAtMs) {}

  private final ConcurrentHashMap<String, Pending> codes = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration ttl;
  private final int capacity;
  private final SecureRandom random;

  LinkCodes(Clock clock, Duration ttl, int capacity, SecureRandom random) {
    this.clock = clock;
    this.ttl = ttl;
    this.capacity = capacity;
    this.random = random;
  }

  /** A new code for {@code user}, or empty when too many codes are pending. */
  Optional<IssuedCode> issue(UserId user) {
    long now = clock.millis();
    codes.values().removeIf(p -> p.expiresAtMs() <= now);
    if (codes.size() >= capacity) return Optional.empty();
    if (codes.values().stream().filter(p -> p.user().equals(user)).count() >= PER_ACCOUNT) return Optional.empty();
    StringBuilder code = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) code.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    long expires = now + ttl.toMillis();
    codes.put(code.toString(), new Pending(user, expires));
    return Optional.of(new IssuedCode(code.toString(), expires));
  }

  /** The user who issued {@code code}, if it is pending and unexpired; the code is used up either way. */
  Optional<UserId> redeem(String code) {
    Pending p = codes.remove(normalize(code));
    if (p == null || p.expiresAtMs() <= clock.millis()) return Optional.empty();
    return Optional.of(p.user());
  }

  static String normalize(String code) {
    return code.strip().toUpperCase(java.util.Locale.ROOT).replace("-", "").replace(" ", "");
  }

  record IssuedCode(String code, long expiresAtMs) {}
}
