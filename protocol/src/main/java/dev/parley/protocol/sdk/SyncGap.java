package dev.parley.protocol.sdk;

/**
 * Posts of a group this device will not receive: it was more than the server's
 * {@code sync.max-group-catch-up} seqs behind, so the server sent only the newest posts (a
 * snapshot) and the SDK moved its cursor past the rest. Seqs {@code firstSkippedSeq} to
 * {@code lastSkippedSeq} (inclusive) are skipped; some of them may never have held a post. An
 * application may show "earlier messages not loaded" there, and read them on demand with {@link
 * ParleyClient#history(long, long, int)} ({@code beforeSeq = lastSkippedSeq + 1}). The 1:1 inbox
 * never skips.
 */
public record SyncGap(long groupId, long firstSkippedSeq, long lastSkippedSeq) {
  public SyncGap {
    if (groupId <= 0 || firstSkippedSeq <= 0 || lastSkippedSeq < firstSkippedSeq) {
      throw new IllegalArgumentException("bad gap " + groupId + " " + firstSkippedSeq + ".." + lastSkippedSeq);
    }
  }
}
