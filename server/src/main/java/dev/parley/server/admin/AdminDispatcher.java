package dev.parley.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.admin.v1.AdminRequest;
import dev.parley.protocol.admin.v1.AdminResponse;
import dev.parley.protocol.admin.v1.AdminStatus;
import dev.parley.storage.StorageOverloadedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one request: finds its command, runs it, turns the outcome (or the failure) into a response,
 * and records commands that change something in the audit log. Thread-safe; the response's JSON is
 * written on the admin work thread so that a large export never occupies a storage thread.
 */
final class AdminDispatcher {
  private static final Logger log = LoggerFactory.getLogger(AdminDispatcher.class);
  private final CommandTable commands;
  private final AuditLog audit;
  private final ObjectMapper json;
  private final Executor work;

  AdminDispatcher(CommandTable commands, AuditLog audit, ObjectMapper json, Executor work) {
    this.commands = commands;
    this.audit = audit;
    this.json = json;
    this.work = work;
  }

  CompletableFuture<AdminResponse> handle(AdminRequest req, String peer) {
    var entry = commands.find(req.getCommand());
    if (entry.isEmpty()) {
      return CompletableFuture.completedFuture(
          response(req, new Reply.Refused(AdminStatus.INVALID_ARGUMENT, "unknown command: " + req.getCommand())));
    }
    CompletableFuture<Reply> outcome;
    try {
      outcome = entry.get().command().run(new Args(req.getArgsMap()));
    } catch (RuntimeException e) {
      outcome = CompletableFuture.failedFuture(e);
    }
    return outcome
        .exceptionally(AdminDispatcher::refusal)
        .thenApplyAsync(reply -> {
          AdminResponse response = response(req, reply);
          if (entry.get().changes()) {
            audit.record(req.getOperator(), peer, req.getCommand(), req.getArgsMap(), response.getStatus().name());
          }
          log.info("admin command={} peer={} status={}", req.getCommand(), peer, response.getStatus());
          return response;
        }, work);
  }

  private static Reply refusal(Throwable err) {
    Throwable e = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    return switch (e) {
      case BadArgument b -> new Reply.Refused(AdminStatus.INVALID_ARGUMENT, b.getMessage());
      case IllegalArgumentException i -> new Reply.Refused(AdminStatus.INVALID_ARGUMENT, i.getMessage());
      case StorageOverloadedException o -> new Reply.Refused(AdminStatus.FAILED, "the server is busy, try again: " + o.getMessage());
      default -> {
        log.error("admin command failed", e);
        yield new Reply.Refused(AdminStatus.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    };
  }

  private AdminResponse response(AdminRequest req, Reply reply) {
    AdminResponse.Builder b = AdminResponse.newBuilder().setRequestId(req.getRequestId());
    switch (reply) {
      case Reply.Ok ok -> {
        try {
          b.setStatus(AdminStatus.OK).setResultJson(json.writeValueAsString(ok.result()));
        } catch (JsonProcessingException e) {
          log.error("cannot render the result of {}", req.getCommand(), e);
          b.setStatus(AdminStatus.FAILED).setMessage("cannot render the result");
        }
      }
      case Reply.Refused r -> b.setStatus(r.status()).setMessage(r.message());
    }
    return b.build();
  }
}
