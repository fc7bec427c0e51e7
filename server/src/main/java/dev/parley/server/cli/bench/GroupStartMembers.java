package dev.parley.server.cli.bench;

import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.sdk.GroupMessage;
import dev.parley.protocol.sdk.InboundMessage;
import dev.parley.protocol.sdk.MessageListener;
import dev.parley.protocol.sdk.ParleyClient;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The members of group-start: live {@link ParleyClient}s with in-memory stores on the run's client
 * loops, registered with enough one-time prekeys of each kind that every round's new poster starts
 * its session with a one-time key and no member is told its keys run low (which would make it
 * upload more while the post is timed). Each member notes which tagged posts ({@link #body}) it was
 * handed; its listener runs on its event loop, the counts are read from any thread.
 */
final class GroupStartMembers {
  /** The server's prekey low-watermark (ParleyServer.PREKEY_LOW_WATERMARK): below it a device is told to top up. */
  static final int SERVER_LOW_WATERMARK = 20;
  /** Body bytes of a post; the first 16 are its round and its number in the round. */
  static final int BODY_BYTES = 100;

  private final List<ParleyClient> clients;
  private final List<String> names;
  /** Per round and post (round * 2 + post), the indexes of the members that were handed it. */
  private final ConcurrentHashMap<Integer, Set<Integer>> received;
  private final LongAdder undecryptable;

  private GroupStartMembers(List<ParleyClient> clients, List<String> names, ConcurrentHashMap<Integer, Set<Integer>> received,
      LongAdder undecryptable) {
    this.clients = clients;
    this.names = names;
    this.received = received;
    this.undecryptable = undecryptable;
  }

  /** One-time prekeys of each kind a member uploads for {@code rounds} new posters. */
  static int prekeyBatch(int rounds) {
    return SERVER_LOW_WATERMARK + rounds;
  }

  /** Registers {@code n} members, retrying what the server refuses with RETRY_LATER. */
  static GroupStartMembers register(BenchRun run, int n, int rounds) throws Exception {
    SdkDriver sdk = run.sdk();
    SecureRandom random = new SecureRandom();
    ConcurrentHashMap<Integer, Set<Integer>> received = new ConcurrentHashMap<>();
    LongAdder undecryptable = new LongAdder();
    List<String> names = java.util.stream.IntStream.range(0, n).mapToObj(run::user).toList();
    AtomicInteger done = new AtomicInteger();
    run.progress.phase("register members", () -> done.get() + " of " + n + " members registered");
    int batch = prekeyBatch(rounds);
    List<ParleyClient> clients = Bounded.all(n, 64, Duration.ofSeconds(120 + n / 10), done, i -> {
      ParleyClient c = sdk.builder(IdentityKeyPair.generate(random), listener(i, received, undecryptable))
          .prekeyBatch(batch, batch).build();
      return c.register(names.get(i), "bench").handle((info, err) -> {
        if (err == null) return c;
        sdk.closeLater(c); // a refused attempt is tried again with a new client
        throw err instanceof CompletionException ce ? ce : new CompletionException(err);
      });
    });
    return new GroupStartMembers(clients, names, received, undecryptable);
  }

  private static MessageListener listener(int index, ConcurrentHashMap<Integer, Set<Integer>> received, LongAdder undecryptable) {
    return new MessageListener() {
      @Override
      public boolean onMessage(InboundMessage message) {
        return true;
      }

      @Override
      public boolean onGroupMessage(GroupMessage m) {
        if (m.body().length >= 16) {
          ByteBuffer b = ByteBuffer.wrap(m.body());
          int key = (int) (b.getLong(0) * 2 + b.getLong(8));
          received.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(index);
        }
        return true;
      }

      @Override
      public void onGroupUndecryptable(long groupId, long seq, long senderUserId, long senderDeviceId, String reason) {
        undecryptable.increment();
      }
    };
  }

  /** The body of post {@code post} (0 or 1) of round {@code round}. */
  static byte[] body(int round, int post) {
    byte[] body = new byte[BODY_BYTES];
    ByteBuffer.wrap(body).putLong(0, round).putLong(8, post);
    return body;
  }

  /** How many members were handed that post so far. */
  int received(int round, int post) {
    Set<Integer> s = received.get(round * 2 + post);
    return s == null ? 0 : s.size();
  }

  int size() {
    return clients.size();
  }

  List<String> names() {
    return names;
  }

  /** Group posts members could not decrypt (given up after the SDK's key wait). */
  long undecryptable() {
    return undecryptable.sum();
  }

  /** Closes every member off the event loops; completes once all are closed. */
  CompletableFuture<Void> close(SdkDriver sdk) {
    return CompletableFuture.allOf(clients.stream().map(sdk::closeLater).toArray(CompletableFuture[]::new));
  }
}
