package dev.parley.server.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code parley bench SCENARIO}: load generators against a real server over loopback TLS. Each
 * scenario is bounded in count and time and prints a table (and JSON with --json). See
 * docs/benchmarks.md, "Load tests (parley bench)".
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Load-test a Parley server on this machine (loopback only).",
    subcommands = {OneToOneCommand.class, RegisterCommand.class, ReconnectCommand.class, IdleCommand.class,
        GroupCommand.class, CatchUpCommand.class, SurgeCommand.class, GroupStartCommand.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "name a scenario: one-to-one, catch-up, group, group-start, register, reconnect, idle or surge");
  }
}
