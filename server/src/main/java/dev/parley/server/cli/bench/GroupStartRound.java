package dev.parley.server.cli.bench;

import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.sdk.GroupSummary;
import dev.parley.protocol.sdk.InboundMessage;
import dev.parley.protocol.sdk.MessageListener;
import dev.parley.protocol.sdk.ParleyClient;
import dev.parley.server.cli.client.ClientHome;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One round of group-start: a new poster registers (its end-to-end state in a {@link ClientHome}
 * store, counted by a {@link CountingCryptoStore}), creates a new group of every member, and times
 * its first post, then its second, each from sendToGroup to the SendAck; after each it waits (up to
 * --timeout) until every member was handed the post. Runs on the calling thread, which blocks.
 */
final class GroupStartRound {
  /** What one round measured. */
  record Result(int round, long firstNanos, long secondNanos, long saves, long saveNanos, long stateBytes, int missingFirst,
      int missingSecond) {
    double firstMs() {
      return firstNanos / 1e6;
    }

    double secondMs() {
      return secondNanos / 1e6;
    }

    double saveMs() {
      return saveNanos / 1e6;
    }

    Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("first post ms", round2(firstMs()));
      m.put("second post ms", round2(secondMs()));
      m.put("state saves during first post", saves);
      m.put("time in saves during first post ms", round2(saveMs()));
      m.put("poster state bytes", stateBytes);
      m.put("members without first post", missingFirst);
      m.put("members without second post", missingSecond);
      return m;
    }

    private static double round2(double v) {
      return Math.round(v * 100) / 100.0;
    }
  }

  private record Poster(ParleyClient client, CountingCryptoStore store) {}

  private static final MessageListener POSTER_LISTENER = new MessageListener() {
    @Override
    public boolean onMessage(InboundMessage message) {
      return true;
    }
  };

  private final BenchRun run;
  private final GroupStartMembers members;
  private final EventLoopGroup posterLoop;
  private final Path stateRoot;
  private final int round;
  private final Duration postTimeout;

  GroupStartRound(BenchRun run, GroupStartMembers members, EventLoopGroup posterLoop, Path stateRoot, int round) {
    this.run = run;
    this.members = members;
    this.posterLoop = posterLoop;
    this.stateRoot = stateRoot;
    this.round = round;
    // Generous: against a server whose fetch-prekeys bucket is not lifted, a large first post waits for it.
    this.postTimeout = Duration.ofSeconds(Math.max(60, run.options.timeoutSeconds) + members.size() / 10);
  }

  Result run() throws Exception {
    String name = "round " + round;
    Poster poster = register();
    try {
      run.progress.phase(name + ": create group", () -> "");
      String group = run.namePrefix + "g" + round;
      GroupSummary created = poster.client().createGroup(group, members.names(), Duration.ZERO)
          .get(postTimeout.toNanos(), TimeUnit.NANOSECONDS);
      if (!created.endToEnd()) {
        throw new IllegalStateException("the server made group " + group + " of " + created.memberCount()
            + " members signed, not end-to-end: its limits.max-e2e-group-members is below that; use fewer --users");
      }

      run.progress.phase(name + ": first post", () -> poster.store().saves() + " state saves so far");
      long saves0 = poster.store().saves();
      long saveNanos0 = poster.store().saveNanos();
      long t0 = System.nanoTime();
      poster.client().sendToGroup(group, GroupStartMembers.body(round, 0), Duration.ZERO).get(postTimeout.toNanos(), TimeUnit.NANOSECONDS);
      long first = System.nanoTime() - t0;
      long saves = poster.store().saves() - saves0;
      long saveNanos = poster.store().saveNanos() - saveNanos0;
      long stateBytes = poster.store().lastBytes();
      int missingFirst = awaitMembers(name + ": members get the first post", 0);

      run.progress.phase(name + ": second post", () -> "");
      long t1 = System.nanoTime();
      poster.client().sendToGroup(group, GroupStartMembers.body(round, 1), Duration.ZERO).get(postTimeout.toNanos(), TimeUnit.NANOSECONDS);
      long second = System.nanoTime() - t1;
      int missingSecond = awaitMembers(name + ": members get the second post", 1);

      run.progress.note(String.format("%s: first post %.0f ms (%d state saves, %,d bytes), second %.1f ms; %d and %d members "
          + "without them", name, first / 1e6, saves, stateBytes, second / 1e6, missingFirst, missingSecond));
      return new Result(round, first, second, saves, saveNanos, stateBytes, missingFirst, missingSecond);
    } finally {
      poster.client().close();
    }
  }

  /** A new poster: new identity, new state file, registered (RETRY_LATER tried again). */
  private Poster register() throws Exception {
    run.progress.phase("round " + round + ": register poster", () -> "");
    SdkDriver sdk = run.sdk();
    IdentityKeyPair identity = IdentityKeyPair.generate(new SecureRandom());
    AtomicInteger attempt = new AtomicInteger();
    List<Poster> registered = Bounded.all(1, 1, Duration.ofSeconds(120), new AtomicInteger(), i -> {
      // A fresh home per attempt: a refused attempt may have saved state of its own.
      ClientHome home = new ClientHome(stateRoot.resolve("round-" + round + "-" + attempt.incrementAndGet()));
      CountingCryptoStore store = new CountingCryptoStore(home.cryptoStore());
      ParleyClient client = sdk.appBuilder(identity, POSTER_LISTENER, posterLoop).cryptoStore(store).build();
      return client.register(run.namePrefix + "p" + round, "bench-poster").handle((info, err) -> {
        if (err == null) return new Poster(client, store);
        sdk.closeLater(client);
        throw err instanceof CompletionException ce ? ce : new CompletionException(err);
      });
    });
    return registered.getFirst();
  }

  /** Waits until every member was handed post {@code post} or --timeout passes; returns how many were not. */
  private int awaitMembers(String phase, int post) throws InterruptedException {
    int n = members.size();
    run.progress.phase(phase, () -> members.received(round, post) + " of " + n);
    long deadline = System.nanoTime() + Duration.ofSeconds(run.options.timeoutSeconds).toNanos();
    BenchRun.awaitUntil(() -> members.received(round, post) >= n, deadline);
    return n - members.received(round, post);
  }
}
