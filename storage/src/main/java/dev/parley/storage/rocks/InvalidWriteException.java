package dev.parley.storage.rocks;

/**
 * A write the caller should not have asked for, found out on the commit thread (such as an upload for
 * a device that was removed meanwhile). It fails that op alone; as an expected fault of the caller it
 * carries no stack trace and is logged at debug.
 */
final class InvalidWriteException extends IllegalArgumentException {
  InvalidWriteException(String message) {
    super(message);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
