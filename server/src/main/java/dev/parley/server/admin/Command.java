package dev.parley.server.admin;

import java.util.concurrent.CompletableFuture;

/** One admin command. Runs on the admin event loop and must not block it: slow work returns a future. */
@FunctionalInterface
interface Command {
  CompletableFuture<Reply> run(Args args);
}
