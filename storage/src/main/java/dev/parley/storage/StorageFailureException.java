package dev.parley.storage;

/** The store could not complete a read or write (disk error, closed store). Nothing was acknowledged. */
public final class StorageFailureException extends RuntimeException {
  public StorageFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
