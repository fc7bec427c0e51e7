package dev.parley.server.cli.bench;

import dev.parley.protocol.v1.AddMembers;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ConversationKind;
import dev.parley.protocol.v1.CreateGroup;
import dev.parley.protocol.v1.GroupInfo;
import dev.parley.protocol.v1.GroupRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench group --driver raw}: every member is a raw protocol connection ({@link RawDriver})
 * that reads only the seq, sender and post id of each GroupDeliver and acknowledges once per read
 * burst ({@link RawGroupReceiver}). Member 0 creates the group with the first 500 others and adds
 * the rest 500 at a time (CreateGroup, AddMembers); the first {@code --senders} members post frames
 * signed ahead of time ({@link SignedPosts}). The load generator's cost per delivery is then a TLS
 * record in and a share of an ack out, so the figures say what the server's fan-out sustains.
 */
final class RawGroup {
  /** Members per CreateGroup or AddMembers, as the SDK driver adds them. */
  private static final int BATCH = 500;
  /** Posts signed ahead, all senders together (about 250 bytes each at the default size). */
  private static final int SIGNED_AHEAD = 8_192;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private RawGroup() {}

  static BenchReport run(BenchRun run, RawDriver raw, int members, int senders, int window, int size) throws Exception {
    BenchOptions o = run.options;
    GroupTracker tracker = new GroupTracker(members - 1);
    AtomicInteger done = new AtomicInteger();
    run.progress.phase("register", () -> done.get() + " of " + members + " members registered");
    // Every member acknowledges every post; the poster's own copy is not counted as a delivery.
    List<RawDevice> devices = Bounded.all(members, 64, Duration.ofSeconds(120 + members / 20), done,
        i -> raw.registerWith(run.user(i), at -> new RawGroupReceiver((sender, post) -> {
          if (sender != at.userId()) tracker.delivered(post);
        })));

    run.progress.phase("create group", () -> "");
    GroupInfo group = createGroup(run, devices);
    try (SignedPosts signed = new SignedPosts(group.getGroupId(), devices.subList(0, senders), size,
        Math.max(64, SIGNED_AHEAD / senders), tracker::nextPostId)) {
      run.progress.phase("sign ahead", () -> signed.ready() + " posts signed");
      signed.awaitFull(Duration.ofSeconds(60));
      List<GroupLoad.Poster> posters = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        RawDevice device = devices.get(s);
        SignedPosts.Source source = signed.source(s);
        posters.add(t0 -> {
          SignedPosts.Post p = source.take();
          tracker.posted(p.id(), t0);
          return device.request(ClientFrame.newBuilder().setGroupSend(p.frame())).whenComplete((answer, err) -> {
            if (err != null) tracker.abandoned(p.id());
          });
        });
      }

      BenchReport report = new GroupLoad(run, tracker, posters, members).measure(window);
      report.setup("driver", "raw (members read seq and post id of each GroupDeliver and ack per read burst; "
              + "posts signed ahead: server cost only)")
          .setup("group", group.getEndToEnd()
              ? "end-to-end (the server checks no signature)"
              : "signed (the server verifies each post's Ed25519 signature)")
          .setup("members", members + " (each a raw protocol connection)")
          .setup("senders", senders + (o.rate > 0 ? ", open loop at " + o.shareOfRate() + " posts/s" : ", closed loop, window " + window))
          .setup("body bytes", size)
          .setup("warm-up / measured", o.warmupSeconds + " s / " + o.durationSeconds + " s");
      report.count("posts signed while posting (signer behind)", signed.signedInline());
      return report;
    }
  }

  /** Member 0 creates the group with the first batch of the others, then adds the rest in batches. */
  private static GroupInfo createGroup(BenchRun run, List<RawDevice> devices) throws Exception {
    RawDevice owner = devices.get(0);
    List<String> names = new ArrayList<>();
    for (int i = 1; i < devices.size(); i++) names.add(devices.get(i).username());
    GroupInfo group = owner.request(ClientFrame.newBuilder().setCreateGroup(CreateGroup.newBuilder()
            .setKind(ConversationKind.GROUP).setName(run.namePrefix + "group")
            .addAllMembers(names.subList(0, Math.min(BATCH, names.size())))))
        .get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS).getGroupInfo();
    for (int from = BATCH; from < names.size(); from += BATCH) {
      owner.request(ClientFrame.newBuilder().setAddMembers(AddMembers.newBuilder()
              .setGroup(GroupRef.newBuilder().setGroupId(group.getGroupId()))
              .addAllUsernames(names.subList(from, Math.min(from + BATCH, names.size())))))
          .get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    return group;
  }
}
