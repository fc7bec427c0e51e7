package dev.parley.storage.group;

/** A group's or channel's server-assigned id; positive and never reused. */
public record GroupId(long value) {
  public GroupId {
    if (value <= 0) throw new IllegalArgumentException("group id <= 0: " + value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
