package dev.parley.server.cli.bench;

import com.google.protobuf.ByteString;
import dev.parley.protocol.group.PostTranscript;
import dev.parley.protocol.v1.GroupRef;
import dev.parley.protocol.v1.GroupSend;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Group posts of {@code bench group --driver raw}, signed ahead of time so that posting only takes a
 * ready frame: one daemon thread keeps a bounded queue per sender full ({@link #awaitFull} fills them
 * before the load starts). A post's {@code client_msg_id} is its post id (8 bytes, big-endian, read
 * back by {@link RawGroupReceiver}) and 8 random bytes; the body is the same opaque bytes for every
 * post, and the signature covers both as the protocol's post transcript requires. A sender whose
 * queue is empty signs on the caller's thread, counted in {@link #signedInline}. Thread-safe.
 */
final class SignedPosts implements AutoCloseable {
  /** One signed post, ready to send. */
  record Post(long id, GroupSend frame) {}

  /** The posts of one sender. */
  final class Source {
    private final RawDevice device;
    private final ArrayBlockingQueue<Post> ready;

    private Source(RawDevice device, int ahead) {
      this.device = device;
      this.ready = new ArrayBlockingQueue<>(ahead);
    }

    /** The next post; never blocks (signs now if none is ready). */
    Post take() {
      Post p = ready.poll();
      if (p != null) return p;
      signedInline.increment();
      return sign();
    }

    private Post sign() {
      long id = postIds.getAsLong();
      byte[] clientMsgId = ByteBuffer.allocate(16).putLong(id).putLong(ThreadLocalRandom.current().nextLong()).array();
      byte[] transcript = PostTranscript.of(groupId, device.userId(), device.deviceId(), clientMsgId, bodyBytes);
      return new Post(id, GroupSend.newBuilder()
          .setGroup(GroupRef.newBuilder().setGroupId(groupId))
          .setClientMsgId(ByteString.copyFrom(clientMsgId))
          .setBody(body)
          .setSignature(ByteString.copyFrom(device.identity().sign(transcript)))
          .build());
    }
  }

  private final long groupId;
  private final byte[] bodyBytes;
  private final ByteString body;
  private final LongSupplier postIds;
  private final List<Source> sources = new ArrayList<>();
  private final LongAdder signedInline = new LongAdder();
  private final Thread signer;
  private volatile boolean closed;

  /**
   * Starts signing for {@code senders} in {@code groupId}, {@code ahead} posts per sender at most,
   * with ids from {@code postIds}.
   */
  SignedPosts(long groupId, List<RawDevice> senders, int bodyBytes, int ahead, LongSupplier postIds) {
    if (ahead < 1) throw new IllegalArgumentException("ahead >= 1");
    this.groupId = groupId;
    this.bodyBytes = new byte[bodyBytes];
    ThreadLocalRandom.current().nextBytes(this.bodyBytes);
    this.body = ByteString.copyFrom(this.bodyBytes);
    this.postIds = postIds;
    for (RawDevice d : senders) sources.add(new Source(d, ahead));
    signer = new Thread(this::fill, "bench-group-signer");
    signer.setDaemon(true);
    signer.start();
  }

  Source source(int sender) {
    return sources.get(sender);
  }

  long signedInline() {
    return signedInline.sum();
  }

  /** Posts signed and not yet taken, all senders together. */
  int ready() {
    return sources.stream().mapToInt(s -> s.ready.size()).sum();
  }

  /** Waits until every queue is full; true if they were within {@code timeout}. */
  boolean awaitFull(Duration timeout) throws InterruptedException {
    return BenchRun.awaitUntil(() -> sources.stream().allMatch(s -> s.ready.remainingCapacity() == 0),
        System.nanoTime() + timeout.toNanos());
  }

  private void fill() {
    while (!closed) {
      boolean signed = false;
      for (Source s : sources) {
        if (s.ready.remainingCapacity() > 0) {
          s.ready.offer(s.sign());
          signed = true;
        }
      }
      // All full: each queue holds far more than a millisecond of posts.
      if (!signed) LockSupport.parkNanos(1_000_000);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      signer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
