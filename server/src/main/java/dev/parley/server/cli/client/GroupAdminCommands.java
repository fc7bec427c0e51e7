package dev.parley.server.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.cli.ExitCodes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code parley client group rename|settings|delete|edit|delete-post|react}: administering a group
 * and changing its posts, which are named by the {@code seq} that {@code group send} and {@code
 * receive} print.
 */
final class GroupAdminCommands {
  private GroupAdminCommands() {}

  @Command(name = "rename", mixinStandardHelpOptions = true, description = "Rename a group (owners and admins).")
  static final class Rename implements Callable<Integer> {
    @ParentCommand GroupCommand group;
    @Parameters(index = "0", paramLabel = "GROUP") String name;
    @Parameters(index = "1", paramLabel = "NEWNAME") String newName;

    @Override
    public Integer call() {
      return GroupCommand.printGroup(group.parent.options, c -> c.renameGroup(name, newName));
    }
  }

  @Command(name = "settings", mixinStandardHelpOptions = true,
      description = "Change who posts and the message timer (owners and admins); prints the group.")
  static final class Settings implements Callable<Integer> {
    @ParentCommand GroupCommand group;
    @Parameters(index = "0", paramLabel = "GROUP") String name;
    @Option(names = "--admins-only-posting", paramLabel = "true|false", arity = "1") Boolean adminsOnly;
    @Option(names = "--ttl", paramLabel = "SECONDS", description = "Posts disappear after this long; 0 turns it off.") Long ttl;

    @Override
    public Integer call() {
      return GroupCommand.printGroup(group.parent.options,
          c -> c.updateGroupSettings(name, adminsOnly, ttl == null ? null : Duration.ofSeconds(ttl)));
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a group and all its posts (owner only).")
  static final class Delete implements Callable<Integer> {
    @ParentCommand GroupCommand group;
    @Parameters(index = "0", paramLabel = "GROUP") String name;

    @Override
    public Integer call() {
      return Connected.withClient(group.parent.options, Connected.LEAVE_MESSAGES, c -> {
        long id = c.deleteGroup(name).get(30, TimeUnit.SECONDS);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("group", name);
        out.put("group_id", id);
        out.put("deleted", true);
        System.out.println(new ObjectMapper().writeValueAsString(out));
        return ExitCodes.OK;
      });
    }
  }

  @Command(name = "edit", mixinStandardHelpOptions = true, description = "Replace the text of your post (within 48 h).")
  static final class Edit implements Callable<Integer> {
    @ParentCommand GroupCommand group;
    @Parameters(index = "0", paramLabel = "GROUP") String name;
    @Parameters(index = "1", paramLabel = "SEQ") long seq;
    @Parameters(index = "2", paramLabel = "TEXT") String text;

    @Override
    public Integer call() {
      return postAndPrint(group, c -> c.editInGroup(name, seq, text.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Command(name = "delete-post", mixinStandardHelpOptions = true,
      description = "Delete a post for everyone: your own, or anyone's for owners and admins.")
  static final class DeletePost implements Callable<Integer> {
    @ParentCommand GroupCommand group;
    @Parameters(index = "0", paramLabel = "GROUP") String name;
    @Parameters(index = "1", paramLabel = "SEQ") long seq;

    @Override
    public Integer call() {
      return postAndPrint(group, c -> c.deleteInGroup(name, seq));
    }
  }

  @Command(name = "react", mixinStandardHelpOptions = true, description = "React to a post.")
  static final class React implements Callable<Integer> {
    @ParentCommand GroupCommand group;
    @Parameters(index = "0", paramLabel = "GROUP") String name;
    @Parameters(index = "1", paramLabel = "SEQ") long seq;
    @Parameters(index = "2", paramLabel = "EMOJI") String emoji;
    @Option(names = "--remove", description = "Take the reaction back.") boolean remove;

    @Override
    public Integer call() {
      return postAndPrint(group, c -> c.reactInGroup(name, seq, emoji, remove));
    }
  }

  private static int postAndPrint(
      GroupCommand group,
      java.util.function.Function<dev.parley.protocol.sdk.ParleyClient,
          java.util.concurrent.CompletableFuture<dev.parley.protocol.sdk.SendReceipt>> change) {
    return Connected.withClient(group.parent.options, Connected.LEAVE_MESSAGES, c -> {
      System.out.println(GroupCommand.json(change.apply(c).get(30, TimeUnit.SECONDS)));
      return ExitCodes.OK;
    });
  }
}
