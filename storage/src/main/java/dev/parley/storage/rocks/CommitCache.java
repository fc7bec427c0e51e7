package dev.parley.storage.rocks;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the commit thread remembers of committed counters so it does not read them back for every
 * write: the next value of each id counter and the last seq of recently written inboxes and group
 * logs. It only ever holds values already durable in the DB, so dropping any of it (eviction,
 * {@link #clear()}) just costs a read. Confined to the commit thread; not thread-safe.
 */
final class CommitCache {
  private final Map<IdCounter, Long> nextIds = new EnumMap<>(IdCounter.class);
  private final Map<SeqKey, Long> lastSeqs;

  CommitCache(int maxSeqs) {
    // Access order, so the inboxes and groups that stop receiving messages are the ones forgotten.
    this.lastSeqs =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<SeqKey, Long> eldest) {
            return size() > maxSeqs;
          }
        };
  }

  Long nextId(IdCounter counter) {
    return nextIds.get(counter);
  }

  Long lastSeq(SeqKey seq) {
    return lastSeqs.get(seq);
  }

  /** Records values that are now durable. */
  void committed(Map<IdCounter, Long> ids, Map<SeqKey, Long> seqs) {
    nextIds.putAll(ids);
    lastSeqs.putAll(seqs);
  }

  void clear() {
    nextIds.clear();
    lastSeqs.clear();
  }
}
