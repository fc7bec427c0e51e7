package dev.parley.server.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.sdk.AccountInfo;
import dev.parley.protocol.sdk.ClientConfig;
import dev.parley.protocol.sdk.ParleyClient;
import dev.parley.protocol.sdk.ServerAddress;
import dev.parley.server.cli.ExitCodes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Creates the device key in the home, registers a new account, prints it as JSON. */
@Command(name = "register", mixinStandardHelpOptions = true, description = "Create an account with this device.")
final class RegisterCommand implements Callable<Integer> {
  @ParentCommand ClientCommand parent;

  @Parameters(index = "0", paramLabel = "USERNAME", description = "3-32 characters of a-z 0-9 _ .")
  String username;

  @Option(names = "--device-name", description = "A name for this device (default: the host name).")
  String deviceName;

  @Override
  public Integer call() throws Exception {
    ClientHome home = parent.options.clientHome();
    if (home.account().isPresent()) {
      System.err.println(
          "parley: " + home.dir() + " already holds the account '" + home.account().get().username()
              + "'; use --home DIR for another one");
      return ExitCodes.USAGE;
    }
    ServerAddress server = parent.options.serverAddress(home);
    IdentityKeyPair identity = home.identity();
    ParleyClient client =
        ParleyClient.builder(ClientConfig.defaults(server).withClientName("parley-cli"), identity)
            .cryptoStore(home.cryptoStore())
            .trust(home.trust(server, parent.options.pinnedFingerprint(), () -> Connected.pinnedNotice(System.err, server)))
            .build();
    try {
      AccountInfo info =
          client.register(username, deviceName()).get(Connected.LOGIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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

  private String deviceName() {
    if (deviceName != null) return deviceName;
    String host = System.getenv("HOSTNAME");
    return host == null || host.isBlank() ? "cli" : "cli@" + host;
  }
}
