package dev.parley.storage.rocks;

/** How hard a commit round pushes its write-ahead-log record to disk before anyone is told "done". */
public enum SyncPolicy {
  /**
   * Every commit round's batch is written with the WAL fsynced before any of its futures completes:
   * what was acknowledged survives power failure.
   */
  FSYNC,
  /**
   * The WAL is written to the operating system but not fsynced. A process crash loses nothing; a
   * power failure or kernel crash may lose the last acknowledged writes (up to the OS writeback
   * interval, typically seconds).
   */
  ASYNC
}
