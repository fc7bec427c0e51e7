package dev.parley.server.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.sdk.SafetyNumberEntry;
import dev.parley.server.cli.ExitCodes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Prints the safety numbers of this device with each of a user's devices. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Show the safety numbers to compare with USERNAME over another channel.")
final class VerifyCommand implements Callable<Integer> {
  @ParentCommand ClientCommand parent;

  @Parameters(index = "0", paramLabel = "USERNAME") String username;

  @Override
  public Integer call() {
    return Connected.withClient(parent.options, Connected.LEAVE_MESSAGES, client -> {
      List<SafetyNumberEntry> numbers = client.safetyNumbers(username).get(Connected.LOGIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      List<Map<String, Object>> devices = new ArrayList<>();
      for (SafetyNumberEntry n : numbers) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("device_id", n.peerDeviceId());
        d.put("device_name", n.peerDeviceName());
        d.put("safety_number", n.safetyNumber());
        devices.add(d);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("user", username);
      out.put("devices", devices);
      System.out.println(new ObjectMapper().writeValueAsString(out));
      return ExitCodes.OK;
    });
  }
}
