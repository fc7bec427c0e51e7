package dev.parley.server.cli.admin;

import dev.parley.protocol.admin.v1.AdminStatus;
import dev.parley.server.cli.ExitCodes;

/** The exit code of each admin outcome; scripts rely on them, so they never change meaning. */
final class AdminExitCodes {
  private AdminExitCodes() {}

  static int of(AdminStatus status) {
    return switch (status) {
      case OK -> ExitCodes.OK;
      case INVALID_ARGUMENT -> ExitCodes.USAGE;
      case UNAUTHORIZED -> ExitCodes.REFUSED;
      case NOT_FOUND -> ExitCodes.NOT_FOUND;
      case CONFLICT -> ExitCodes.CONFLICT;
      case FAILED, ADMIN_STATUS_UNSPECIFIED, UNRECOGNIZED -> ExitCodes.FAILED;
    };
  }
}
