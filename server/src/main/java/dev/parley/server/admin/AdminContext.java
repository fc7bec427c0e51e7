package dev.parley.server.admin;

import dev.parley.server.admission.LimitsControl;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.metrics.ServerMetrics;
import dev.parley.server.registration.RegistrationGate;
import dev.parley.server.router.SessionRouter;
import dev.parley.storage.Storage;
import java.time.Clock;

/** What the admin commands work on: the running server's parts. Shared and thread-safe. */
public record AdminContext(
    ServerConfig config,
    String version,
    long startedAtMs,
    Storage storage,
    SessionRouter router,
    ServerMetrics metrics,
    RegistrationGate registration,
    LimitsControl limits,
    Clock clock) {}
