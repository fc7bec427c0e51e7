package dev.parley.server.connection;

import dev.parley.protocol.v1.GoingAwayReason;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.server.account.AuthenticatedDevice;
import dev.parley.server.delivery.DeliveryPump;
import dev.parley.server.group.GroupSource;
import dev.parley.server.router.DeviceSession;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupEntry;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.GroupStore;
import dev.parley.storage.inbox.InboxEntry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * An authenticated connection as the router sees it: its inbox pump and one pump per group it
 * belongs to. Calls from other threads hop onto the connection's event loop, where the pumps and the
 * handler live.
 */
final class LiveSession implements DeviceSession {
  private static final long LOW_REMINDER_NS = 60_000_000_000L;

  private final AuthenticatedDevice device;
  private final DeliveryPump<InboxEntry> pump;
  private final EventLoop loop;
  private final ConnectionHandler handler;
  private final GroupStore groups;
  private final Function<GroupSource, DeliveryPump<GroupEntry>> newGroupPump;
  /** Loop-confined. */
  private final Map<GroupId, DeliveryPump<GroupEntry>> groupPumps = new HashMap<>();
  /** Loop-confined: when this session was last told its prekeys run low (nanoTime), or 0. */
  private long lowToldNs;

  LiveSession(
      AuthenticatedDevice device, DeliveryPump<InboxEntry> pump, EventLoop loop, ConnectionHandler handler,
      GroupStore groups, Function<GroupSource, DeliveryPump<GroupEntry>> newGroupPump) {
    this.device = device;
    this.pump = pump;
    this.loop = loop;
    this.handler = handler;
    this.groups = groups;
    this.newGroupPump = newGroupPump;
  }

  AuthenticatedDevice authenticated() {
    return device;
  }

  DeliveryPump<InboxEntry> pump() {
    return pump;
  }

  // Called on the loop by the connection handler.

  void onInboxAck(long upToSeq) {
    pump.onAck(upToSeq);
  }

  void onGroupAck(long groupId, long upToSeq) {
    if (groupId <= 0) return;
    DeliveryPump<GroupEntry> p = groupPumps.get(new GroupId(groupId));
    if (p != null) p.onAck(upToSeq);
  }

  void persistAcks() {
    pump.persistAcks();
    groupPumps.values().forEach(DeliveryPump::persistAcks);
  }

  void onWritable() {
    pump.onWritable();
    groupPumps.values().forEach(DeliveryPump::onWritable);
  }

  void stopPumps() {
    pump.stop();
    groupPumps.values().forEach(DeliveryPump::stop);
    groupPumps.clear();
  }

  // DeviceSession: any thread.

  @Override
  public DeviceId device() {
    return device.device();
  }

  @Override
  public UserId user() {
    return device.user();
  }

  @Override
  public void offer(InboxEntry entry) {
    loop.execute(() -> pump.offer(entry, null));
  }

  @Override
  public void attachGroup(Group group, long cursor) {
    loop.execute(() -> {
      if (groupPumps.containsKey(group.id())) return;
      DeliveryPump<GroupEntry> p = newGroupPump.apply(new GroupSource(groups, group, device.user(), device.device()));
      groupPumps.put(group.id(), p);
      p.startAfter(cursor);
    });
  }

  @Override
  public void detachGroup(GroupId group) {
    loop.execute(() -> {
      DeliveryPump<GroupEntry> p = groupPumps.remove(group);
      if (p != null) p.stop();
    });
  }

  @Override
  public void groupDeleted(GroupId group, ServerFrame notice) {
    loop.execute(() -> {
      DeliveryPump<GroupEntry> p = groupPumps.remove(group);
      if (p != null) p.stop();
      handler.push(notice);
    });
  }

  @Override
  public void offerGroup(GroupId group, GroupEntry entry, ByteBuf encoded) {
    try {
      loop.execute(() -> {
        DeliveryPump<GroupEntry> p = groupPumps.get(group);
        if (p != null) p.offer(entry, encoded);
        else encoded.release();
      });
    } catch (RejectedExecutionException closing) {
      encoded.release();
      throw closing;
    }
  }

  @Override
  public void pushEvent(ServerFrame event) {
    loop.execute(() -> handler.push(event));
  }

  @Override
  public void pushEphemeral(ServerFrame event) {
    loop.execute(() -> handler.pushIfWritable(event));
  }

  @Override
  public void replaced() {
    loop.execute(() -> handler.goAway(GoingAwayReason.SESSION_REPLACED, 0, CloseReason.REPLACED));
  }

  @Override
  public void prekeysLow(int oneTimePrekeys, int kemPrekeys) {
    loop.execute(() -> {
      // Every fetch below the mark would say it again; once a minute is enough for the device to act.
      long now = System.nanoTime();
      if (lowToldNs != 0 && now - lowToldNs < LOW_REMINDER_NS) return;
      lowToldNs = now;
      handler.push(Frames.prekeysLow(oneTimePrekeys, kemPrekeys));
    });
  }

  @Override
  public void revoked() {
    loop.execute(() -> handler.goAway(GoingAwayReason.DEVICE_REVOKED, 0, CloseReason.REVOKED));
  }

  @Override
  public void shutdown(long retryAfterMs) {
    loop.execute(() -> handler.goAway(GoingAwayReason.SERVER_SHUTDOWN, retryAfterMs, CloseReason.SHUTDOWN));
  }
}
