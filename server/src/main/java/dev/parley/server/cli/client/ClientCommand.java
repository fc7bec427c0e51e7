package dev.parley.server.cli.client;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code parley client ...}: one-shot client commands for scripts and first steps. */
@Command(
    name = "client",
    mixinStandardHelpOptions = true,
    description = "Talk to a Parley server: register, send, receive, whoami, verify, devices, link, revoke, group, channel,"
        + " edit, delete, react, presence, privacy, timer.",
    subcommands = {
      RegisterCommand.class, SendCommand.class, ReceiveCommand.class, WhoAmICommand.class, VerifyCommand.class,
      DevicesCommand.class, LinkCommand.class, RevokeCommand.class, GroupCommand.class, ChannelCommand.class,
      RevisionCommands.Edit.class, RevisionCommands.Delete.class, RevisionCommands.React.class,
      PresenceCommand.class, PrivacyCommand.class, TimerCommand.class
    })
public final class ClientCommand implements Runnable {
  @Mixin ClientOptions options;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a client command: register, send, receive, whoami, verify, devices, link, revoke");
  }
}
