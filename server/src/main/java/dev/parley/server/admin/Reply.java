package dev.parley.server.admin;

import dev.parley.protocol.admin.v1.AdminStatus;

/** The outcome of one admin command: a result to render as JSON, or a refusal with its status. */
sealed interface Reply {
  record Ok(Object result) implements Reply {}

  record Refused(AdminStatus status, String message) implements Reply {}

  static Reply ok(Object result) {
    return new Ok(result);
  }

  static Reply notFound(String message) {
    return new Refused(AdminStatus.NOT_FOUND, message);
  }

  static Reply invalid(String message) {
    return new Refused(AdminStatus.INVALID_ARGUMENT, message);
  }

  static Reply conflict(String message) {
    return new Refused(AdminStatus.CONFLICT, message);
  }
}
