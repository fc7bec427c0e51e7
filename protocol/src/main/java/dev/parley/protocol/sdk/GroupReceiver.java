package dev.parley.protocol.sdk;

import dev.parley.protocol.v1.ConversationKind;
import dev.parley.protocol.v1.GroupDeliver;
import dev.parley.protocol.v1.GroupEnvelope;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group posts one connection receives: opens each ({@link GroupPostOpener}) and hands it to the
 * application in log order, exactly once per (group, seq) through the {@link GroupCursors}.
 *
 * <p>A post that cannot be opened <i>yet</i> (its sender key has not arrived, or its signer's
 * identity key is being fetched) is <b>held</b>, with every later post of its group behind it: the
 * group's cursor and acknowledgements stop before it, so nothing after it is handed over or
 * acknowledged first. The pairwise message carrying the key usually arrives moments later (the
 * sender stores it before its post, but the inbox and the group logs are delivered independently);
 * then the held posts go on. If nothing arrives within the client's hold time, every post then held
 * in that group is reported undecryptable and acknowledged, so a key that never comes cannot block
 * the group for ever. Held posts are only in memory: they are not acknowledged, so after a reconnect
 * the server delivers them again. At most {@value #MAX_HELD} are held per group; past that, the
 * group's further posts on this connection are left to the next one. Confined to the client's event
 * loop.
 */
final class GroupReceiver {
  static final int MAX_HELD = 4096;
  private static final Logger log = LoggerFactory.getLogger(GroupReceiver.class);

  private final ParleyClient client;
  private final ClientConnection connection;
  private final Map<Long, ArrayDeque<GroupDeliver>> held = new HashMap<>();
  private final Set<Long> overflowed = new HashSet<>();
  /** Users whose devices this connection asked the server for, and those it has the answer of. */
  private final Set<Long> fetchingUsers = new HashSet<>();
  private final Set<Long> fetchedUsers = new HashSet<>();
  /** Per group, the highest seq taken in on this connection (handled or held). */
  private final Map<Long, Long> receivedUpTo = new HashMap<>();

  GroupReceiver(ParleyClient client, ClientConnection connection) {
    this.client = client;
    this.connection = connection;
  }

  void onDeliver(GroupDeliver d) {
    long group = d.getGroupId();
    if (connection.deliveriesPaused() || overflowed.contains(group)) return;
    ArrayDeque<GroupDeliver> queue = held.get(group);
    if (queue != null) {
      if (queue.size() < MAX_HELD) {
        queue.addLast(d);
        received(group, d.getSeq());
      } else {
        overflowed.add(group); // it and every later post come again on the next connection
      }
      return;
    }
    if (!handle(d, false)) hold(d);
    if (!connection.deliveriesPaused()) received(group, d.getSeq());
  }

  /** The group's cursor, or the last post held for its key when that is further. */
  long position(long group) {
    return Math.max(client.groupCursors().load(group), receivedUpTo.getOrDefault(group, 0L));
  }

  /** Nothing more up to {@code seq} for this device; the cursor moves unless posts are held before it. */
  void advance(long group, long seq) {
    received(group, seq);
    if (!held.containsKey(group) && seq > client.groupCursors().load(group)) client.groupCursors().store(group, seq);
  }

  private void received(long group, long seq) {
    receivedUpTo.merge(group, seq, Math::max);
  }

  /** A sender key for {@code group} arrived: go on with what waited for it. */
  void onKeyArrived(long group) {
    resume(group);
  }

  private void hold(GroupDeliver d) {
    ArrayDeque<GroupDeliver> queue = new ArrayDeque<>();
    queue.add(d);
    held.put(d.getGroupId(), queue);
    waiting(d);
  }

  private void waiting(GroupDeliver d) {
    GroupEnvelope e = d.getEnvelope();
    client.listener().onGroupPostWaiting(d.getGroupId(), d.getSeq(), e.getSenderUserId(), e.getSenderDeviceId());
    long seq = d.getSeq();
    connection.channel().eventLoop().schedule(
        () -> timedOut(d.getGroupId(), seq), client.groupKeyWait().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void resume(long group) {
    ArrayDeque<GroupDeliver> queue = held.get(group);
    if (queue == null) return;
    drain(group, queue, false);
  }

  private void timedOut(long group, long seq) {
    ArrayDeque<GroupDeliver> queue = held.get(group);
    if (queue == null || queue.peekFirst().getSeq() != seq || !connection.channel().isActive()) return;
    log.debug("gave up waiting for keys in group {} at seq {}", group, seq);
    drain(group, queue, true);
  }

  private void drain(long group, ArrayDeque<GroupDeliver> queue, boolean givingUp) {
    long headBefore = queue.peekFirst().getSeq();
    while (!queue.isEmpty() && !connection.deliveriesPaused()) {
      if (!handle(queue.peekFirst(), givingUp)) break;
      queue.pollFirst();
    }
    if (queue.isEmpty()) held.remove(group);
    else if (queue.peekFirst().getSeq() != headBefore) waiting(queue.peekFirst());
    connection.flushAcks();
  }

  /** Handles one post; false when it has to wait. */
  private boolean handle(GroupDeliver d, boolean givingUp) {
    long group = d.getGroupId();
    long seq = d.getSeq();
    GroupEnvelope e = d.getEnvelope();
    GroupCursors cursors = client.groupCursors();
    if (seq <= cursors.load(group)) {
      connection.groupAckDue(group, seq);
      return true;
    }
    if (e.getDeleted() || (e.getExpiresAtMs() != 0 && e.getExpiresAtMs() <= client.clock().millis())) {
      // Deleted for everyone before this device read it (its body is gone), or a disappearing post
      // whose time ran out on the way: never shown; acknowledging it is enough.
      cursors.store(group, seq);
      connection.groupAckDue(group, seq);
      return true;
    }
    return switch (client.groupOpener().open(group, e)) {
      case GroupPostOpener.Outcome.Opened o -> {
        deliver(d, o);
        yield true;
      }
      case GroupPostOpener.Outcome.Unreadable u -> {
        unreadable(d, u.reason());
        yield true;
      }
      case GroupPostOpener.Outcome.Waiting w when givingUp -> {
        unreadable(d, "gave up waiting: " + w.reason());
        yield true;
      }
      case GroupPostOpener.Outcome.Waiting w when w.fetchUserId() != 0 && fetchedUsers.contains(w.fetchUserId()) -> {
        unreadable(d, "the server does not list the sending device");
        yield true;
      }
      case GroupPostOpener.Outcome.Waiting w -> {
        if (w.fetchUserId() != 0) fetchIdentity(w.fetchUserId());
        yield false;
      }
    };
  }

  private void deliver(GroupDeliver d, GroupPostOpener.Outcome.Opened opened) {
    boolean accepted;
    try {
      accepted = client.inbound().group(d, opened.content());
    } catch (RuntimeException ex) {
      log.warn("group listener failed at group {} seq {}; reconnecting to get it again", d.getGroupId(), d.getSeq(), ex);
      connection.pauseDeliveries(true);
      return;
    }
    if (!accepted) {
      connection.pauseDeliveries(false);
      return;
    }
    opened.commit().run();
    client.groupCursors().store(d.getGroupId(), d.getSeq());
    connection.groupAckDue(d.getGroupId(), d.getSeq());
    var e = d.getEnvelope();
    var c = opened.content();
    boolean mine = client.account() != null && e.getSenderUserId() == client.account().userId();
    if (e.getKind() != ConversationKind.CHANNEL && !mine && e.getEditsSeq() == 0 && e.getDeletesSeq() == 0
        && !c.hasReaction()) {
      client.receipts().deliveredPost(e.getSenderUsername(), d.getGroupId(), d.getSeq());
    }
  }

  private void unreadable(GroupDeliver d, String reason) {
    GroupEnvelope e = d.getEnvelope();
    log.warn("undecryptable group post group={} seq={} from user={} device={}: {}", d.getGroupId(), d.getSeq(),
        e.getSenderUserId(), e.getSenderDeviceId(), reason);
    client.listener().onGroupUndecryptable(d.getGroupId(), d.getSeq(), e.getSenderUserId(), e.getSenderDeviceId(), reason);
    client.groupCursors().store(d.getGroupId(), d.getSeq());
    connection.groupAckDue(d.getGroupId(), d.getSeq());
  }

  private void fetchIdentity(long userId) {
    if (!fetchingUsers.add(userId)) return;
    client.directory().learnUser(userId).whenComplete((ignored, err) -> {
      if (err != null) log.debug("could not fetch the devices of user {}: {}", userId, err.toString());
      fetchedUsers.add(userId);
      if (connection.channel().isActive()) new java.util.ArrayList<>(held.keySet()).forEach(this::resume);
    });
  }
}
