package dev.parley.server.admission;

/**
 * The one question admission control, and services that send ephemeral traffic, ask about load.
 * Implementations are thread-safe and cheap enough to ask on every request, on any event loop.
 */
@FunctionalInterface
public interface LoadSignal {
  Pressure pressure();
}
