package dev.parley.server.cli;

import dev.parley.server.bootstrap.ParleyServer;
import dev.parley.server.cli.admin.AdminCli;
import dev.parley.server.cli.bench.BenchCommand;
import dev.parley.server.cli.client.ChatCommand;
import dev.parley.server.cli.client.ClientCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The single entry point: {@code parley serve | admin ... | client ... | chat}. */
@Command(
    name = "parley",
    mixinStandardHelpOptions = true,
    version = "Parley " + ParleyServer.VERSION,
    description = "Parley, a self-hosted messaging server, its command-line client and load generator.",
    subcommands = {ServeCommand.class, ClientCommand.class, ChatCommand.class, BenchCommand.class})
public final class ParleyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for tests that run it in-process. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new ParleyCommand());
    cl.addSubcommand("admin", AdminCli.commandLine());
    applyExitCodes(cl);
    return cl;
  }

  private static void applyExitCodes(CommandLine cl) {
    cl.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE).exitCodeOnExecutionException(ExitCodes.USAGE);
    cl.getSubcommands().values().forEach(ParleyCommand::applyExitCodes);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command: serve, admin, client, chat or bench");
  }
}
