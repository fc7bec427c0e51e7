package dev.parley.server.cli.client;

import dev.parley.server.cli.ExitCodes;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Sets the disappearing-message timer of a 1:1 conversation, for both participants. */
@Command(name = "timer", mixinStandardHelpOptions = true,
    description = "Set the disappearing-message timer of the conversation with USERNAME (0 = off); "
        + "later `send`s of both participants use it.")
final class TimerCommand implements Callable<Integer> {
  @ParentCommand ClientCommand parent;

  @Parameters(index = "0", paramLabel = "USERNAME") String peer;

  @Parameters(index = "1", paramLabel = "SECONDS") long seconds;

  @Override
  public Integer call() {
    if (seconds < 0) {
      System.err.println("parley: SECONDS must be >= 0");
      return ExitCodes.USAGE;
    }
    return Connected.withClient(parent.options, Connected.LEAVE_MESSAGES, client -> {
      client.setConversationTimer(peer, Duration.ofSeconds(seconds)).get(30, TimeUnit.SECONDS);
      System.out.println("{\"conversation\":" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(peer)
          + ",\"ttl_seconds\":" + seconds + "}");
      return ExitCodes.OK;
    });
  }
}
