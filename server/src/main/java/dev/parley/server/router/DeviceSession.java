package dev.parley.server.router;

import io.netty.buffer.ByteBuf;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupEntry;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.inbox.InboxEntry;

/**
 * A device's live, authenticated connection as the router sees it. Every method is non-blocking and
 * may be called from any thread; implementations hop to their own event loop.
 */
public interface DeviceSession {
  DeviceId device();

  UserId user();

  /** Starts delivering the group's log to this device, after {@code cursor}. */
  void attachGroup(Group group, long cursor);

  /** Stops delivering the group (the user left or was removed). */
  void detachGroup(GroupId group);

  /** The group was deleted: stop delivering it and push {@code notice} (shared by all sessions). */
  void groupDeleted(GroupId group, ServerFrame notice);

  /**
   * A post was durably appended to the group's log; {@code encoded} is this session's share of its
   * push, encoded once for all members. The session owns it: it writes or releases it, also when it
   * throws RejectedExecutionException because it is closing.
   */
  void offerGroup(GroupId group, GroupEntry entry, ByteBuf encoded);

  /** A message was durably appended to this device's inbox: push it if the window allows. */
  void offer(InboxEntry entry);

  /** The same device logged in on another connection: tell the client and close this one. */
  void replaced();

  /**
   * An event that is not stored (a group change): written unless the connection is closing, like
   * {@link #groupDeleted}'s notice, whether or not the socket is writable at the moment.
   */
  void pushEvent(ServerFrame event);

  /**
   * An ephemeral event (typing): written only if the connection can take it at once, else dropped.
   * Never stored.
   */
  void pushEphemeral(ServerFrame event);

  /** The device's one-time prekey stock ran low: tell it to upload more. */
  void prekeysLow(int oneTimePrekeys, int kemPrekeys);

  /** The device was removed from its account: tell it and close. */
  void revoked();

  /** The server is stopping: tell the client when to come back and close. */
  void shutdown(long retryAfterMs);
}
