package dev.parley.server.sync;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the entries read for one Sync page to the requested count and to what fits in one frame,
 * giving each its prev_seq, and works out where the device continues.
 *
 * @param <E> the stored entry
 * @param <W> its wire form (Deliver or GroupDeliver)
 */
final class PageBuilder<E, W extends MessageLite> {
  /** Room left in a frame for the page's other fields and the frame's own envelope. */
  private static final int HEADROOM_BYTES = 256;

  interface Wire<E, W> {
    long seq(E entry);

    W encode(E entry, long prevSeq);
  }

  record Page<W>(List<W> entries, long position, boolean more) {}

  private final Wire<E, W> wire;
  private final int maxBytes;

  PageBuilder(Wire<E, W> wire, int maxFrameBytes) {
    this.wire = wire;
    this.maxBytes = maxFrameBytes - HEADROOM_BYTES;
  }

  /**
   * {@code read} holds up to {@code limit + 1} entries after {@code from}, read after {@code lastSeq}
   * was: every entry at or below lastSeq was visible to the read, so a complete page may move the
   * device to lastSeq even past entries that expired or were hidden.
   */
  Page<W> build(List<E> read, long from, long lastSeq, int limit) {
    List<W> out = new ArrayList<>(Math.min(read.size(), limit));
    long prev = from;
    long bytes = 0;
    for (E e : read) {
      if (out.size() == limit) break;
      W w = wire.encode(e, prev);
      int size = CodedOutputStream.computeMessageSizeNoTag(w) + 1;
      if (!out.isEmpty() && bytes + size > maxBytes) break;
      bytes += size;
      out.add(w);
      prev = wire.seq(e);
    }
    boolean more = out.size() < read.size();
    long position = more ? prev : Math.max(prev, Math.max(from, lastSeq));
    return new Page<>(out, position, more);
  }
}
