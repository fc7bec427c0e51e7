package dev.parley.storage.account;

/** A user's server-assigned id; positive and never reused. */
public record UserId(long value) {
  public UserId {
    if (value <= 0) throw new IllegalArgumentException("user id <= 0: " + value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
