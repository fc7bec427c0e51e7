package dev.parley.storage;

/** The store refused work because a bounded queue is full; the caller should retry later. */
public final class StorageOverloadedException extends RuntimeException {
  public StorageOverloadedException(String message) {
    super(message, null, false, false);
  }
}
