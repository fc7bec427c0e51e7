package dev.parley.server.cli.client;

import dev.parley.server.cli.ExitCodes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code parley client channel ...}: broadcast channels where only admins post. */
@Command(
    name = "channel",
    mixinStandardHelpOptions = true,
    description = "Channels: create, join, post.",
    subcommands = {ChannelCommand.Create.class, ChannelCommand.Join.class, ChannelCommand.Post.class})
final class ChannelCommand implements Runnable {
  @ParentCommand ClientCommand parent;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a channel command: create, join, post");
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a channel; you are its owner.")
  static final class Create implements Callable<Integer> {
    @ParentCommand ChannelCommand channel;
    @Parameters(index = "0", paramLabel = "NAME") String name;

    @Override
    public Integer call() {
      return Connected.withClient(channel.parent.options, Connected.LEAVE_MESSAGES, c -> {
        System.out.println(GroupCommand.json(c.createChannel(name).get(30, TimeUnit.SECONDS)));
        return ExitCodes.OK;
      });
    }
  }

  @Command(name = "join", mixinStandardHelpOptions = true, description = "Subscribe to a channel.")
  static final class Join implements Callable<Integer> {
    @ParentCommand ChannelCommand channel;
    @Parameters(index = "0", paramLabel = "NAME") String name;

    @Override
    public Integer call() {
      return Connected.withClient(channel.parent.options, Connected.LEAVE_MESSAGES, c -> {
        System.out.println(GroupCommand.json(c.joinChannel(name).get(30, TimeUnit.SECONDS)));
        return ExitCodes.OK;
      });
    }
  }

  @Command(name = "post", mixinStandardHelpOptions = true, description = "Post to a channel (owners and admins).")
  static final class Post implements Callable<Integer> {
    @ParentCommand ChannelCommand channel;
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Parameters(index = "1", paramLabel = "TEXT") String text;

    @Override
    public Integer call() {
      return Connected.withClient(channel.parent.options, Connected.LEAVE_MESSAGES, c -> {
        System.out.println(GroupCommand.json(
            c.sendToGroup(name, text.getBytes(StandardCharsets.UTF_8), Duration.ZERO).get(30, TimeUnit.SECONDS)));
        return ExitCodes.OK;
      });
    }
  }
}
