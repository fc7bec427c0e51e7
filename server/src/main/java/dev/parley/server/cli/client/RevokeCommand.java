package dev.parley.server.cli.client;

import dev.parley.server.cli.ExitCodes;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Removes one of this account's devices. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
    description = "Remove a device from this account: its session closes, its inbox and keys are deleted.")
final class RevokeCommand implements Callable<Integer> {
  @ParentCommand ClientCommand parent;

  @Parameters(index = "0", paramLabel = "DEVICE") long deviceId;

  @Override
  public Integer call() {
    return Connected.withClient(parent.options, Connected.LEAVE_MESSAGES, client -> {
      client.revokeDevice(deviceId).get(Connected.LOGIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      System.out.println("{\"revoked\":" + deviceId + "}");
      return ExitCodes.OK;
    });
  }
}
