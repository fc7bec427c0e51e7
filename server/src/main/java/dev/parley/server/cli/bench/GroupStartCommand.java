package dev.parley.server.cli.bench;

import dev.parley.protocol.transport.NettyTransport;
import dev.parley.server.config.AdmissionConfig;
import dev.parley.server.config.ConfigLoader;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley bench group-start}: how long the first post in a new end-to-end group takes its
 * poster, who must first start a pairwise session (prekey fetch + PQXDH) with every member device
 * and give each its sender key, saving its end-to-end state to a file as a real client does. Each
 * round a new poster creates a new group of the same members, posts twice and checks that every
 * member was handed both posts ({@link GroupStartRound}).
 */
@Command(name = "group-start", mixinStandardHelpOptions = true,
    description = "First post in a new end-to-end group: the poster's session set-up and sender-key distribution to every member.")
final class GroupStartCommand implements Callable<Integer> {
  static final int DEFAULT_MEMBERS = 999;
  /** Informational: the first post of a 999-member group within 5 s on the 2-core machine. */
  static final double TARGET_FIRST_POST_MS = 5_000;
  static final int MAX_ROUNDS = 100;

  @Mixin BenchOptions options;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--rounds", description = "Rounds, each with a new group and a new poster (default ${DEFAULT-VALUE}).")
  int rounds = 3;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where the posters' temp dir for their end-to-end state goes (default: java.io.tmpdir); the disk whose fsync is measured.")
  Path stateDir;

  @Override
  public Integer call() throws Exception {
    int members = options.users == null ? DEFAULT_MEMBERS : options.users;
    checkUsage(members);
    Path stateRoot = stateDir != null
        ? Files.createTempDirectory(Files.createDirectories(stateDir), "parley-bench-poster-")
        : Files.createTempDirectory("parley-bench-poster-");
    try (BenchRun run = BenchRun.startWithE2eGroups(options)) {
      run.finish(run(run, members, rounds, stateRoot));
      return 0;
    } finally {
      BenchRun.deleteTree(stateRoot);
    }
  }

  private void checkUsage(int members) {
    if (options.driverExplicit() && !"sdk".equals(options.driver)) usage("group-start measures the SDK's own work: --driver sdk only");
    if (!"0/1".equals(options.shard)) usage("group-start runs as one process: no --shard");
    if (rounds < 1 || rounds > MAX_ROUNDS) usage("--rounds is 1.." + MAX_ROUNDS);
    if (members < 1) usage("group-start needs --users >= 1");
    OptionalInt limit = e2eLimit();
    if (limit.isPresent() && members + 1 > limit.getAsInt()) {
      usage("--users " + members + ": the group (" + members + " members and the poster) would not be end-to-end, since "
          + (options.serverConfig == null ? "the default " : options.serverConfig + " sets ") + "limits.max-e2e-group-members = "
          + limit.getAsInt() + "; use --users <= " + (limit.getAsInt() - 1) + ", or a --server-config that raises the limit");
    }
  }

  private void usage(String message) {
    throw new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** The end-to-end group limit of the server to be started; unknown for a --server. */
  private OptionalInt e2eLimit() {
    if (options.server != null) return OptionalInt.empty();
    var config = options.serverConfig != null ? ConfigLoader.load(options.serverConfig) : ConfigLoader.defaults();
    return OptionalInt.of(config.limits().maxE2eGroupMembers());
  }

  static BenchReport run(BenchRun run, int members, int rounds, Path stateRoot) throws Exception {
    BenchOptions o = run.options;
    GroupStartMembers memberDevices = GroupStartMembers.register(run, members, rounds);
    // The poster on a loop of its own: its work is what is measured, and on the members' loops it
    // would queue behind their decryption of the keys it hands out.
    EventLoopGroup posterLoop = NettyTransport.best().newGroup(1, "bench-poster");
    List<GroupStartRound.Result> results = new ArrayList<>();
    BenchReport report = new BenchReport("group-start");
    try {
      run.cpuStart();
      for (int r = 1; r <= rounds; r++) {
        results.add(new GroupStartRound(run, memberDevices, posterLoop, stateRoot, r).run());
      }
      run.cpuStop(report, rounds, "round", "here it runs the poster, whose work is measured, and the members' "
          + "decryption of the keys handed out, which a real group spreads over its members' own devices");
    } finally {
      memberDevices.close(run.sdk());
      posterLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    boolean ownServer = o.server == null && o.serverConfig == null;
    report.setup("driver", "sdk: members are ParleyClients with in-memory stores on the client loops, "
            + GroupStartMembers.prekeyBatch(rounds) + " one-time prekeys of each kind; the poster is a ParleyClient "
            + "with the SDK's default prekey batches on an event loop of its own, its state saved to a file "
            + "(temp file, fsync, atomic rename: the CLI's store)")
        .setup("members", members + " (+ the poster: a group of " + (members + 1) + ", end-to-end)")
        .setup("rounds", rounds + " (each a new poster, without sessions, and a new group)")
        .setup("poster state", stateRoot + " (deleted afterwards)");
    String first = "first post (median of " + rounds + ")";
    if (members == DEFAULT_MEMBERS) report.figure(first, median(results, GroupStartRound.Result::firstMs), "ms", TARGET_FIRST_POST_MS, false);
    else report.figure(first, median(results, GroupStartRound.Result::firstMs), "ms");
    report.figure("second post (median)", median(results, GroupStartRound.Result::secondMs), "ms")
        .figure("state saves during first post (median)", median(results, r -> r.saves()), "saves")
        .figure("time in saves during first post (median)", median(results, GroupStartRound.Result::saveMs), "ms")
        .figure("poster state after first post (median)", median(results, r -> r.stateBytes()), "bytes");
    for (GroupStartRound.Result r : results) report.count("round " + r.round(), r.asMap());
    report.count("members without the first post (all rounds)", results.stream().mapToLong(GroupStartRound.Result::missingFirst).sum())
        .count("members without the second post (all rounds)", results.stream().mapToLong(GroupStartRound.Result::missingSecond).sum())
        .count("member posts undecryptable", memberDevices.undecryptable());
    report.note(admissionNote(ownServer, members));
    report.note("a poster's first post is timed from sendToGroup to its SendAck: the group's device list, a prekey "
        + "fetch and PQXDH per member device, the sender key sent to each through the new sessions (each acknowledged), "
        + "then the post");
    return report;
  }

  private static String admissionNote(boolean ownServer, int members) {
    AdmissionConfig.Bucket fetch = ConfigLoader.defaults().admission().buckets().get("fetch-prekeys.account");
    double waitSeconds = Math.max(0, (members - fetch.burst()) / fetch.ratePerSecond());
    String bucket = String.format("fetch-prekeys.account (default %.0f/s, burst %d)", fetch.ratePerSecond(), fetch.burst());
    String under = waitSeconds < 1
        ? String.format("under the default, a first post to %d members stays within its burst", members)
        : String.format("under the default, a first post to %d members would wait about %.0f s for it", members, waitSeconds);
    return ownServer
        ? "every admission bucket of the bench's own server is lifted, " + bucket + " included: " + under
        : "the server's own admission buckets apply; " + bucket + ": " + under;
  }

  private static double median(List<GroupStartRound.Result> results, ToDoubleFunction<GroupStartRound.Result> f) {
    double[] v = results.stream().mapToDouble(f).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
