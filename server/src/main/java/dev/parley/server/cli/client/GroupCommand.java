package dev.parley.server.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.sdk.GroupMember;
import dev.parley.protocol.sdk.GroupSummary;
import dev.parley.protocol.sdk.SendReceipt;
import dev.parley.server.cli.ExitCodes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.parley.protocol.sdk.ParleyClient;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code parley client group ...}: groups of people who all read and post. */
@Command(
    name = "group",
    mixinStandardHelpOptions = true,
    description = "Create and use groups: create, list, add, remove, leave, members, send, promote, demote,"
        + " transfer, invite, revoke-invite, join, rename, settings, delete, edit, delete-post, react, history.",
    subcommands = {
      GroupCommand.Create.class, GroupCommand.Add.class, GroupCommand.Remove.class, GroupCommand.Leave.class,
      GroupCommand.Members.class, GroupCommand.Send.class, GroupCommand.Promote.class, GroupCommand.Demote.class,
      GroupCommand.Transfer.class, GroupCommand.ListGroups.class,
      InviteCommands.Invite.class, InviteCommands.Revoke.class, InviteCommands.Join.class,
      GroupAdminCommands.Rename.class, GroupAdminCommands.Settings.class, GroupAdminCommands.Delete.class,
      GroupAdminCommands.Edit.class, GroupAdminCommands.DeletePost.class, GroupAdminCommands.React.class,
      HistoryCommand.class
    })
final class GroupCommand implements Runnable {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand ClientCommand parent;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a group command: create, add, remove, leave, members, send");
  }

  /** A group or channel as the command line prints it. */
  static String json(GroupSummary g) throws Exception {
    return JSON.writeValueAsString(fields(g));
  }

  private static Map<String, Object> fields(GroupSummary g) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(g.channel() ? "channel" : "group", g.name());
    out.put("group_id", g.groupId());
    out.put("members", g.memberCount());
    out.put("role", g.role().toLowerCase(java.util.Locale.ROOT));
    if (g.messageTtlSeconds() > 0) out.put("ttl_seconds", g.messageTtlSeconds());
    out.put("end_to_end", g.endToEnd());
    if (g.onlyAdminsPost() && !g.channel()) out.put("admins_only_posting", true);
    return out;
  }

  /** Runs a group request as a logged-in client and prints the group it answers with. */
  static int printGroup(ClientOptions options, Function<ParleyClient, CompletableFuture<GroupSummary>> request) {
    return Connected.withClient(options, Connected.LEAVE_MESSAGES, c -> {
      System.out.println(json(request.apply(c).get(30, TimeUnit.SECONDS)));
      return ExitCodes.OK;
    });
  }

  /** Posts {@code text} to a group or channel and prints the stored post's ids and seq. */
  static int post(ClientOptions options, String group, String text, Duration ttl) {
    return Connected.withClient(options, Connected.LEAVE_MESSAGES, c -> {
      System.out.println(json(c.sendToGroup(group, text.getBytes(StandardCharsets.UTF_8), ttl).get(30, TimeUnit.SECONDS)));
      return ExitCodes.OK;
    });
  }

  static String json(SendReceipt r) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", r.serverMsgId());
    out.put("stored_at", Instant.ofEpochMilli(r.serverTimeMs()).toString());
    out.put("seq", r.groupSeq());
    return JSON.writeValueAsString(out);
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a group; you are its owner.")
  static final class Create implements Callable<Integer> {
    @ParentCommand GroupCommand group;
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Option(names = "--members", split = ",", paramLabel = "USER,USER...") List<String> members = new ArrayList<>();
    @Option(names = "--ttl", paramLabel = "SECONDS", description = "Messages disappear after this long.") long ttl;

    @Override
    public Integer call() {
      return printGroup(group.parent.options, c -> c.createGroup(name, members, Duration.ofSeconds(ttl)));
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add users to a group (owners and admins).")
  static final class Add implements Callable<Integer> {
    @ParentCommand GroupCommand group;
    @Parameters(index = "0", paramLabel = "GROUP") String name;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "USER") List<String> users;

    @Override
    public Integer call() {
      return printGroup(group.parent.options, c -> c.addMembers(name, users));
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove users from a group (owners and admins).")
  static final class Remove implements Callable<Integer> {
    @ParentCommand GroupCommand group;
    @Parameters(index = "0", paramLabel = "GROUP") String name;
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "USER") List<String> users;

    @Override
    public Integer call() {
      return printGroup(group.parent.options, c -> c.removeMembers(name, users));
    }
  }

  @Command(name = "promote", mixinStandardHelpOptions = true, description = "Make a member an admin (owner only).")
  static final class Promote implements Callable<Integer> {
    @ParentCommand GroupCommand group;
    @Parameters(index = "0", paramLabel = "GROUP") String name;
    @Parameters(index = "1", paramLabel = "USER") String user;

    @Override
    public Integer call() {
      return printGroup(group.parent.options, c -> c.setAdmin(name, user, true));
    }
  }

  @Command(name = "demote", mixinStandardHelpOptions = true, description = "Make an admin a plain member (owner only).")
  static final class Demote implements Callable<Integer> {
    @ParentCommand GroupCommand group;
    @Parameters(index = "0", paramLabel = "GROUP") String name;
    @Parameters(index = "1", paramLabel = "USER") String user;

    @Override
    public Integer call() {
      return printGroup(group.parent.options, c -> c.setAdmin(name, user, false));
    }
  }

  @Command(name = "transfer", mixinStandardHelpOptions = true,
      description = "Hand the group to a member, who becomes its owner; you become an admin (owner only).")
  static final class Transfer implements Callable<Integer> {
    @ParentCommand GroupCommand group;
    @Parameters(index = "0", paramLabel = "GROUP") String name;
    @Parameters(index = "1", paramLabel = "USER") String user;

    @Override
    public Integer call() {
      return printGroup(group.parent.options, c -> c.transferOwnership(name, user));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List your groups and channels as one JSON object: {\"groups\":[...]}.")
  static final class ListGroups implements Callable<Integer> {
    @ParentCommand GroupCommand group;

    @Override
    public Integer call() {
      return Connected.withClient(group.parent.options, Connected.LEAVE_MESSAGES, c -> {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (GroupSummary g : c.groups().get(30, TimeUnit.SECONDS)) rows.add(fields(g));
        System.out.println(JSON.writeValueAsString(Map.of("groups", rows)));
        return ExitCodes.OK;
      });
    }
  }

  @Command(name = "leave", mixinStandardHelpOptions = true,
      description = "Leave a group. An owner hands it to the first admin; as the only member, deletes it.")
  static final class Leave implements Callable<Integer> {
    @ParentCommand GroupCommand group;
    @Parameters(index = "0", paramLabel = "GROUP") String name;

    @Override
    public Integer call() {
      return printGroup(group.parent.options, c -> c.leaveGroup(name));
    }
  }

  @Command(name = "members", mixinStandardHelpOptions = true, description = "List a group's members as JSON.")
  static final class Members implements Callable<Integer> {
    @ParentCommand GroupCommand group;
    @Parameters(index = "0", paramLabel = "GROUP") String name;

    @Override
    public Integer call() {
      return Connected.withClient(group.parent.options, Connected.LEAVE_MESSAGES, c -> {
        List<Map<String, Object>> members = new ArrayList<>();
        for (GroupMember m : c.groupMembers(name).get(30, TimeUnit.SECONDS)) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("user_id", m.userId());
          row.put("username", m.username());
          row.put("role", m.role().toLowerCase(java.util.Locale.ROOT));
          members.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("group", name);
        out.put("members", members);
        System.out.println(JSON.writeValueAsString(out));
        return ExitCodes.OK;
      });
    }
  }

  @Command(name = "send", mixinStandardHelpOptions = true, description = "Post to a group; exits 0 once stored.")
  static final class Send implements Callable<Integer> {
    @ParentCommand GroupCommand group;
    @Parameters(index = "0", paramLabel = "GROUP") String name;
    @Parameters(index = "1", paramLabel = "TEXT") String text;
    @Option(names = "--ttl", paramLabel = "SECONDS", description = "Delete the message after this long.") long ttl;

    @Override
    public Integer call() {
      return post(group.parent.options, name, text, Duration.ofSeconds(ttl));
    }
  }
}
