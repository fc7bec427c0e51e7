package dev.parley.server.cli.client;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code parley client channel ...}: broadcast channels where only admins post. */
@Command(
    name = "channel",
    mixinStandardHelpOptions = true,
    description = "Channels: create, join (by name or invite link), post, transfer, invite, revoke-invite, history.",
    subcommands = {
      ChannelCommand.Create.class, ChannelCommand.Join.class, ChannelCommand.Post.class, ChannelCommand.Transfer.class,
      InviteCommands.Invite.class, InviteCommands.Revoke.class, HistoryCommand.class
    })
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
      return GroupCommand.printGroup(channel.parent.options, c -> c.createChannel(name));
    }
  }

  @Command(name = "join", mixinStandardHelpOptions = true, description = "Subscribe to a channel by its name or an invite link.")
  static final class Join implements Callable<Integer> {
    @ParentCommand ChannelCommand channel;
    @Parameters(index = "0", paramLabel = "NAME|LINK") String name;

    @Override
    public Integer call() {
      return GroupCommand.printGroup(
          channel.parent.options, c -> InviteCommands.isLink(name) ? c.joinByInvite(name) : c.joinChannel(name));
    }
  }

  @Command(name = "transfer", mixinStandardHelpOptions = true,
      description = "Hand the channel to a subscriber, who becomes its owner; you become an admin (owner only).")
  static final class Transfer implements Callable<Integer> {
    @ParentCommand ChannelCommand channel;
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Parameters(index = "1", paramLabel = "USER") String user;

    @Override
    public Integer call() {
      return GroupCommand.printGroup(channel.parent.options, c -> c.transferOwnership(name, user));
    }
  }

  @Command(name = "post", mixinStandardHelpOptions = true, description = "Post to a channel (owners and admins).")
  static final class Post implements Callable<Integer> {
    @ParentCommand ChannelCommand channel;
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Parameters(index = "1", paramLabel = "TEXT") String text;

    @Override
    public Integer call() {
      return GroupCommand.post(channel.parent.options, name, text, Duration.ZERO);
    }
  }
}
