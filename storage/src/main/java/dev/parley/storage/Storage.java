package dev.parley.storage;

import dev.parley.storage.account.AccountStore;
import dev.parley.storage.group.GroupInviteStore;
import dev.parley.storage.admin.AdminStore;
import dev.parley.storage.group.GroupStore;
import dev.parley.storage.inbox.InboxStore;
import dev.parley.storage.prekey.PrekeyStore;
import dev.parley.storage.presence.PresenceStore;

/**
 * The server's whole persistent state, behind engine-neutral interfaces. {@link #close()} drains
 * pending writes, then releases the engine; it blocks and must not be called on an event loop.
 */
public interface Storage extends AutoCloseable {
  AccountStore accounts();

  InboxStore inboxes();

  PrekeyStore prekeys();

  GroupStore groups();

  GroupInviteStore groupInvites();

  PresenceStore presence();

  /** Operator work: account changes, erasure and export, settings, invites, checkpoints, compaction. */
  AdminStore admin();

  /** True while the store accepts work (open, and the last write did not fail). */
  boolean healthy();

  @Override
  void close();
}
