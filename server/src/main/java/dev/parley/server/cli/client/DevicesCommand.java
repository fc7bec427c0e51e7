package dev.parley.server.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.sdk.DeviceSummary;
import dev.parley.server.cli.ExitCodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Lists this account's devices as JSON. */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "List this account's devices.")
final class DevicesCommand implements Callable<Integer> {
  @ParentCommand ClientCommand parent;

  @Override
  public Integer call() {
    return Connected.withClient(parent.options, Connected.LEAVE_MESSAGES, client -> {
      long me = client.account().deviceId();
      List<Map<String, Object>> out = new ArrayList<>();
      for (DeviceSummary d : client.devices().get(Connected.LOGIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("device_id", d.deviceId());
        row.put("name", d.name());
        row.put("created_at", Instant.ofEpochMilli(d.createdAtMs()).toString());
        row.put("identity_key", HexFormat.of().formatHex(d.identityKey()));
        row.put("this_device", d.deviceId() == me);
        out.add(row);
      }
      System.out.println(new ObjectMapper().writeValueAsString(Map.of("devices", out)));
      return ExitCodes.OK;
    });
  }
}
