package dev.parley.server.cli.client;

import java.util.concurrent.Callable;
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

  @Option(names = "--device-name", description = "A name for this device (default: cli@HOSTNAME).")
  String deviceName;

  @Option(names = "--invite", paramLabel = "CODE", description = "An invite code, when the server takes sign-ups by invite only.")
  String invite;

  @Override
  public Integer call() {
    return Connected.newDevice(parent.options, client -> client.register(username, deviceName(), invite == null ? "" : invite));
  }

  private String deviceName() {
    if (deviceName != null) return deviceName;
    String host = System.getenv("HOSTNAME");
    return host == null || host.isBlank() ? "cli" : "cli@" + host;
  }
}
