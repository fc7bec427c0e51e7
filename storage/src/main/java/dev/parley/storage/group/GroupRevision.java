package dev.parley.storage.group;

/**
 * What a post appended with {@link GroupStore#appendRevision} does to an earlier entry of the same
 * log: replace its body with the post's own, or delete it for everyone.
 */
public sealed interface GroupRevision {
  long targetSeq();

  /**
   * Replaces the body of the entry at {@code targetSeq}. Only its sender may, and only while the
   * message's time is at most {@code windowMs} after the entry's.
   */
  record Edit(long targetSeq, long windowMs) implements GroupRevision {
    public Edit {
      if (targetSeq < 1) throw new IllegalArgumentException("targetSeq < 1: " + targetSeq);
      if (windowMs < 0) throw new IllegalArgumentException("windowMs < 0: " + windowMs);
    }
  }

  /** Deletes the entry at {@code targetSeq} for everyone. Its sender may, and the owner and admins. */
  record Delete(long targetSeq) implements GroupRevision {
    public Delete {
      if (targetSeq < 1) throw new IllegalArgumentException("targetSeq < 1: " + targetSeq);
    }
  }
}
