package dev.parley.server.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.sdk.AccountInfo;
import dev.parley.protocol.sdk.ClientConfig;
import dev.parley.protocol.sdk.LinkCodeInfo;
import dev.parley.protocol.sdk.ParleyClient;
import dev.parley.protocol.sdk.ServerAddress;
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
    ParleyClient client = null;
    try {
      client = Connected.login(parent.options, Connected.LEAVE_MESSAGES, System.err);
      LinkCodeInfo c = client.createLinkCode().get(Connected.LOGIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("code", c.code());
      out.put("expires_at", Instant.ofEpochMilli(c.expiresAtMs()).toString());
      System.out.println(new ObjectMapper().writeValueAsString(out));
      return ExitCodes.OK;
    } catch (Exception e) {
      return ClientFailure.report(e, System.err);
    } finally {
      if (client != null) client.close();
    }
  }

  private int join() {
    ClientHome home = parent.options.clientHome();
    if (home.account().isPresent()) {
      System.err.println("parley: " + home.dir() + " already holds the account '" + home.account().get().username()
          + "'; link a new device from a new --home");
      return ExitCodes.USAGE;
    }
    ServerAddress server = parent.options.serverAddress(home);
    ParleyClient client =
        ParleyClient.builder(ClientConfig.defaults(server).withClientName("parley-cli"), home.identity())
            .cryptoStore(home.cryptoStore())
            .trust(home.trust(server, parent.options.pinnedFingerprint(), () -> Connected.pinnedNotice(System.err, server)))
            .build();
    try {
      AccountInfo info = client.link(code, deviceName).get(Connected.LOGIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      home.saveAccount(new ClientHome.SavedAccount(server.toString(), info.userId(), info.deviceId(), info.username()));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("user_id", info.userId());
      out.put("device_id", info.deviceId());
      out.put("username", info.username());
      out.put("server", server.toString());
      System.out.println(new ObjectMapper().writeValueAsString(out));
      return ExitCodes.OK;
    } catch (Exception e) {
      return ClientFailure.report(e, System.err);
    } finally {
      client.close();
    }
  }
}
