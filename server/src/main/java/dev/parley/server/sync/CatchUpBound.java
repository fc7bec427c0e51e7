package dev.parley.server.sync;

import dev.parley.server.config.ServerConfig;

/**
 * How far behind a group's log a device may be and still be sent every entry it missed. Past the
 * bound it gets only the newest {@code snapshotSeqs} seqs and is told what it skipped (TOO_LONG),
 * like Telegram's getDifference answering "too long": replaying ten thousand posts to a phone that
 * was away for a week helps nobody. The 1:1 inbox has no bound: nothing acknowledged is dropped.
 */
public record CatchUpBound(int maxGroupCatchUp, int snapshotSeqs) {
  public CatchUpBound {
    if (maxGroupCatchUp < 1 || snapshotSeqs < 1 || snapshotSeqs > maxGroupCatchUp) {
      throw new IllegalArgumentException("need 1 <= snapshotSeqs <= maxGroupCatchUp");
    }
  }

  public static CatchUpBound of(ServerConfig.Sync sync) {
    return new CatchUpBound(sync.maxGroupCatchUp(), sync.snapshotSeqs());
  }

  /** True when a device at {@code cursor} is too far behind a log whose last seq is {@code lastSeq}. */
  public boolean tooLong(long cursor, long lastSeq) {
    return lastSeq - cursor > maxGroupCatchUp;
  }

  /** Where delivery starts for a device at {@code cursor}: the cursor, or the snapshot's start. */
  public long startAfter(long cursor, long lastSeq) {
    return tooLong(cursor, lastSeq) ? lastSeq - snapshotSeqs : cursor;
  }
}
