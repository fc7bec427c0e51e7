package dev.parley.server.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.sdk.PresenceVisibility;
import dev.parley.server.cli.ExitCodes;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code privacy presence [everybody|contacts|nobody]}: shows or sets who may see this user's presence. */
@Command(name = "privacy", mixinStandardHelpOptions = true, description = "Privacy settings.",
    subcommands = PrivacyCommand.Presence.class)
final class PrivacyCommand implements Runnable {
  @ParentCommand ClientCommand parent;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a setting: presence");
  }

  @Command(name = "presence", mixinStandardHelpOptions = true,
      description = "Show or set who sees whether you are online and when you were last seen.")
  static final class Presence implements Callable<Integer> {
    @ParentCommand PrivacyCommand privacy;

    @Parameters(arity = "0..1", paramLabel = "WHO", description = "everybody, contacts or nobody; none to show the setting.")
    String who;

    @Override
    public Integer call() {
      PresenceVisibility wanted = null;
      if (who != null) {
        try {
          wanted = PresenceVisibility.valueOf(who.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          System.err.println("parley: WHO must be everybody, contacts or nobody, not " + who);
          return ExitCodes.USAGE;
        }
      }
      PresenceVisibility set = wanted;
      return Connected.withClient(privacy.parent.options, Connected.LEAVE_MESSAGES, client -> {
        CompletableFuture<PresenceVisibility> now = set == null ? client.presenceVisibility() : client.setPresenceVisibility(set);
        PresenceVisibility v = now.get(Connected.LOGIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        System.out.println(new ObjectMapper().writeValueAsString(Map.of("presence", v.name().toLowerCase(Locale.ROOT))));
        return ExitCodes.OK;
      });
    }
  }
}
