package dev.parley.server.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.sdk.GroupInviteInfo;
import dev.parley.server.cli.ExitCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Invite links, under both {@code group} and {@code channel}: {@code invite GROUP [--ttl SECONDS]},
 * {@code revoke-invite LINK}, and {@code join LINK} for groups ({@code channel join} takes a name or
 * a link).
 */
final class InviteCommands {
  private static final ObjectMapper JSON = new ObjectMapper();

  private InviteCommands() {}

  /** The client options of whichever parent (group or channel) a command runs under. */
  static ClientOptions options(Object parent) {
    return switch (parent) {
      case GroupCommand g -> g.parent.options;
      case ChannelCommand c -> c.parent.options;
      default -> throw new IllegalStateException("invite commands run under group or channel, not " + parent);
    };
  }

  static boolean isLink(String s) {
    return s.startsWith("parley://join/");
  }

  private static int printInvite(ClientOptions options, java.util.function.Function<dev.parley.protocol.sdk.ParleyClient,
      java.util.concurrent.CompletableFuture<GroupInviteInfo>> request) {
    return Connected.withClient(options, Connected.LEAVE_MESSAGES, c -> {
      GroupInviteInfo i = request.apply(c).get(30, TimeUnit.SECONDS);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("invite", i.link());
      out.put("code", i.code());
      out.put("group_id", i.groupId());
      if (i.expiresAtMs() != 0) out.put("expires_at", Instant.ofEpochMilli(i.expiresAtMs()).toString());
      System.out.println(JSON.writeValueAsString(out));
      return ExitCodes.OK;
    });
  }

  @Command(name = "invite", mixinStandardHelpOptions = true,
      description = "Create an invite link (owners and admins); prints {\"invite\": LINK, ...}.")
  static final class Invite implements Callable<Integer> {
    @ParentCommand Object parent;
    @Parameters(index = "0", paramLabel = "GROUP") String name;
    @Option(names = "--ttl", paramLabel = "SECONDS", description = "The link stops working after this long (default: never).")
    long ttl;

    @Override
    public Integer call() {
      return printInvite(options(parent), c -> c.createInvite(name, Duration.ofSeconds(ttl)));
    }
  }

  @Command(name = "revoke-invite", mixinStandardHelpOptions = true, description = "Revoke an invite link (owners and admins).")
  static final class Revoke implements Callable<Integer> {
    @ParentCommand Object parent;
    @Parameters(index = "0", paramLabel = "LINK") String link;

    @Override
    public Integer call() {
      return printInvite(options(parent), c -> c.revokeInvite(link));
    }
  }

  @Command(name = "join", mixinStandardHelpOptions = true, description = "Join a group with an invite link.")
  static final class Join implements Callable<Integer> {
    @ParentCommand Object parent;
    @Parameters(index = "0", paramLabel = "LINK") String link;

    @Override
    public Integer call() {
      return GroupCommand.printGroup(options(parent), c -> c.joinByInvite(link));
    }
  }
}
