package dev.parley.server.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.sdk.LinkCodeInfo;
import dev.parley.server.cli.ExitCodes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Linking a second device: on a registered home, {@code link} prints a one-time code (the existing
 * device's approval); on a new home, {@code link CODE} joins the account with a new device key.
 */
@Command(name = "link", mixinStandardHelpOptions = true,
    description = "Without CODE: print a code that lets a new device join this account. With CODE: join with this home as a new device.")
final class LinkCommand implements Callable<Integer> {
  @ParentCommand ClientCommand parent;

  @Parameters(index = "0", arity = "0..1", paramLabel = "CODE") String code;

  @Option(names = "--device-name", description = "A name for the new device (default: cli).")
  String deviceName = "cli";

  @Override
  public Integer call() {
    return code == null ? issue() : join();
  }

  private int issue() {
    return Connected.withClient(parent.options, Connected.LEAVE_MESSAGES, client -> {
      LinkCodeInfo c = client.createLinkCode().get(Connected.LOGIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("code", c.code());
      out.put("expires_at", Instant.ofEpochMilli(c.expiresAtMs()).toString());
      System.out.println(new ObjectMapper().writeValueAsString(out));
      return ExitCodes.OK;
    });
  }

  private int join() {
    return Connected.newDevice(parent.options, client -> client.link(code, deviceName));
  }
}
