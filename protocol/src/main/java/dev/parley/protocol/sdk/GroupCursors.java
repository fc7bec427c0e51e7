package dev.parley.protocol.sdk;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Per group, the highest log seq this device has handed to the application; deliveries at or below
 * it are dropped, so each post reaches the application once. Called on the client's I/O thread.
 */
public interface GroupCursors {
  long load(long groupId);

  void store(long groupId, long seq);

  static GroupCursors inMemory() {
    ConcurrentHashMap<Long, Long> cursors = new ConcurrentHashMap<>();
    return new GroupCursors() {
      @Override
      public long load(long groupId) {
        return cursors.getOrDefault(groupId, 0L);
      }

      @Override
      public void store(long groupId, long seq) {
        cursors.merge(groupId, seq, Math::max);
      }
    };
  }
}
