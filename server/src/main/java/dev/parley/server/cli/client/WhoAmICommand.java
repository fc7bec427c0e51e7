package dev.parley.server.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.sdk.AccountInfo;
import dev.parley.server.cli.ExitCodes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Logs in and prints who the server says this device is. */
@Command(name = "whoami", mixinStandardHelpOptions = true, description = "Show the account and device of this home.")
final class WhoAmICommand implements Callable<Integer> {
  @ParentCommand ClientCommand parent;

  @Override
  public Integer call() {
    return Connected.withClient(parent.options, Connected.LEAVE_MESSAGES, client -> {
      AccountInfo info = client.whoAmI().get(Connected.LOGIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("user_id", info.userId());
      out.put("device_id", info.deviceId());
      out.put("username", info.username());
      out.put("device_name", info.deviceName());
      out.put("registered_at", Instant.ofEpochMilli(info.registeredAtMs()).toString());
      out.put("server", parent.options.serverAddress(parent.options.clientHome()).toString());
      System.out.println(new ObjectMapper().writeValueAsString(out));
      return ExitCodes.OK;
    });
  }
}
