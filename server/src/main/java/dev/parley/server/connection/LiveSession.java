package dev.parley.server.connection;

import dev.parley.protocol.v1.GoingAwayReason;
import dev.parley.server.account.AuthenticatedDevice;
import dev.parley.server.delivery.DeliveryPump;
import dev.parley.server.router.DeviceSession;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.inbox.InboxEntry;
import io.netty.channel.EventLoop;

/**
 * An authenticated connection as the router sees it. Calls from other threads hop onto the
 * connection's event loop, where the delivery pump and the handler live.
 */
final class LiveSession implements DeviceSession {
  private final AuthenticatedDevice device;
  private final DeliveryPump pump;
  private final EventLoop loop;
  private final ConnectionHandler handler;
  /** Loop-confined: when this session was last told its prekeys run low (nanoTime), or 0. */
  private long lowToldNs;
  private static final long LOW_REMINDER_NS = 60_000_000_000L;

  LiveSession(AuthenticatedDevice device, DeliveryPump pump, EventLoop loop, ConnectionHandler handler) {
    this.device = device;
    this.pump = pump;
    this.loop = loop;
    this.handler = handler;
  }

  AuthenticatedDevice authenticated() {
    return device;
  }

  DeliveryPump pump() {
    return pump;
  }

  @Override
  public DeviceId device() {
    return device.device();
  }

  @Override
  public void offer(InboxEntry entry) {
    loop.execute(() -> pump.offer(entry));
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
