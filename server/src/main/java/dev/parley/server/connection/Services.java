package dev.parley.server.connection;

import dev.parley.server.account.AccountService;
import dev.parley.server.admission.Admission;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.device.DeviceService;
import dev.parley.server.group.GroupInvites;
import dev.parley.server.group.GroupService;
import dev.parley.server.group.TypingRelay;
import dev.parley.storage.group.GroupStore;
import dev.parley.server.keys.KeyDirectoryService;
import dev.parley.server.messaging.MessagingService;
import dev.parley.server.metrics.ServerMetrics;
import dev.parley.server.presence.PresenceService;
import dev.parley.server.router.SessionRouter;
import dev.parley.server.sync.HistoryService;
import dev.parley.server.sync.SyncService;
import dev.parley.storage.inbox.InboxStore;
import java.security.SecureRandom;
import java.time.Clock;

/** What every connection handler works with; shared, thread-safe collaborators. */
public record Services(
    ServerConfig config,
    String serverVersion,
    AccountService accounts,
    MessagingService messaging,
    KeyDirectoryService keys,
    DeviceService devices,
    GroupService groups,
    GroupInvites invites,
    GroupStore groupStore,
    TypingRelay typing,
    PresenceService presence,
    InboxStore inboxes,
    SessionRouter router,
    ServerMetrics metrics,
    Clock clock,
    SecureRandom random,
    SyncService sync,
    Admission admission,
    HistoryService history) {}
