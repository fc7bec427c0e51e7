package dev.parley.server.cli.bench;

import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.sdk.GroupMessage;
import dev.parley.protocol.sdk.InboundMessage;
import dev.parley.protocol.sdk.MessageListener;
import dev.parley.protocol.sdk.ParleyClient;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley bench group}: posts to one large group, fanned out by the server to every member's
 * live device. On the bench's own server groups are signed, not end-to-end (BenchServerConfig).
 * With {@code --driver sdk} (the default) every member is a {@link ParleyClient}, which verifies
 * each post's signature; with {@code --driver raw} members are raw protocol connections
 * ({@link RawGroup}) that only acknowledge, so the figures are the server's.
 */
@Command(name = "group", mixinStandardHelpOptions = true,
    description = "Fan-out to a large group: deliveries/s and time until the last member has a post.")
final class GroupCommand implements Callable<Integer> {
  @Mixin BenchOptions options;

  @Option(names = "--senders", description = "Members who post (default ${DEFAULT-VALUE}).")
  int senders = 2;

  @Option(names = "--window", description = "Closed loop: posts in flight per sender (default ${DEFAULT-VALUE}).")
  int window = 4;

  @Option(names = "--size", description = "Body bytes per post (default ${DEFAULT-VALUE}).")
  int size = 100;

  @Override
  public Integer call() throws Exception {
    int members = options.share(options.users == null ? 1_000 : options.users);
    if (members < 2) throw new IllegalArgumentException("group needs --users >= 2");
    if (size < 0) throw new IllegalArgumentException("--size >= 0");
    try (BenchRun run = BenchRun.start(options)) {
      int posting = Math.min(senders, members);
      BenchReport report = run.driver() instanceof RawDriver raw
          ? RawGroup.run(run, raw, members, posting, window, size)
          : run(run, members, posting, window, size);
      run.finish(report);
      return 0;
    }
  }

  /** The SDK driver: every member a live {@link ParleyClient}. */
  static BenchReport run(BenchRun run, int members, int senders, int window, int size) throws Exception {
    BenchOptions o = run.options;
    SdkDriver sdk = run.sdk();
    GroupTracker tracker = new GroupTracker(members - 1);
    SecureRandom random = new SecureRandom();
    List<ParleyClient> clients = new ArrayList<>();
    AtomicInteger done = new AtomicInteger();
    run.progress.phase("register", () -> done.get() + " of " + members + " members registered");
    Bounded.all(members, 64, Duration.ofSeconds(120 + members / 20), done, i -> {
      String name = run.user(i);
      ParleyClient c = sdk.builder(IdentityKeyPair.generate(random), new MessageListener() {
        @Override
        public boolean onMessage(InboundMessage message) {
          return true;
        }

        @Override
        public boolean onGroupMessage(GroupMessage m) {
          // The body starts with the post's send time and id; the poster's own copy is not counted.
          if (!m.senderUsername().equals(name) && m.body().length >= 16 && ByteBuffer.wrap(m.body()).getLong(0) != 0) {
            tracker.delivered(ByteBuffer.wrap(m.body()).getLong(8));
          }
          return true;
        }
      }).build();
      synchronized (clients) {
        clients.add(c);
      }
      return c.register(name, "bench");
    });
    String group = run.namePrefix + "group";
    ParleyClient owner = clients.stream().filter(c -> c.account().username().equals(run.user(0))).findFirst().orElseThrow();
    List<String> names = new ArrayList<>();
    for (int i = 1; i < members; i++) names.add(run.user(i));
    run.progress.phase("create group", () -> "");
    owner.createGroup(group, names.subList(0, Math.min(500, names.size())), Duration.ZERO).get();
    for (int from = 500; from < names.size(); from += 500) {
      owner.addMembers(group, names.subList(from, Math.min(from + 500, names.size()))).get();
    }
    List<GroupLoad.Poster> posters = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      String name = run.user(i);
      ParleyClient poster = clients.stream().filter(c -> c.account().username().equals(name)).findFirst().orElseThrow();
      posters.add(t0 -> {
        long id = tracker.nextPostId();
        byte[] body = new byte[Math.max(16, size)];
        ByteBuffer.wrap(body).putLong(0, t0).putLong(8, id);
        tracker.posted(id, t0);
        return poster.sendToGroup(group, body, Duration.ZERO).whenComplete((r, err) -> {
          if (err != null) tracker.abandoned(id);
        });
      });
    }

    BenchReport report = new GroupLoad(run, tracker, posters, members).measure(window);
    report.setup("driver", "sdk (groups signed, not end-to-end, on the bench's own server: each member verifies each post's signature)")
        .setup("members", members + " (each a live SDK client)")
        .setup("senders", senders + (o.rate > 0 ? ", open loop at " + o.shareOfRate() + " posts/s" : ", closed loop, window " + window))
        .setup("body bytes", size)
        .setup("warm-up / measured", o.warmupSeconds + " s / " + o.durationSeconds + " s");
    for (ParleyClient c : clients) sdk.closeLater(c);
    return report;
  }
}
