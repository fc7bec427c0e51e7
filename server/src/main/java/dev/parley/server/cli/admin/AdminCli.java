package dev.parley.server.cli.admin;

import static dev.parley.server.cli.admin.Leaf.opt;
import static dev.parley.server.cli.admin.Leaf.pos;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code parley admin ...}: every command of the admin protocol, built from one table so that the
 * command line, the protocol's command names and docs/operations.md stay in step. Each leaf turns
 * its options and parameters into the request's named arguments (option {@code --after} becomes
 * argument "after"). {@code restore} is the one command that runs here, offline, without a server.
 */
public final class AdminCli {
  private AdminCli() {}

  public static CommandLine commandLine() {
    CommandLine admin = group("admin", "Operate a running Parley server through its admin socket.");
    admin.addSubcommand(Leaf.remote("status", "status", "Version, uptime, connections, sessions, queue depths."));
    admin.addSubcommand(Leaf.remote("stats", "stats", "Storage statistics and the server's counters."));
    admin.addSubcommand(Leaf.remote("compact", "compact", "Compact the database now (reclaims deleted space)."));
    admin.addSubcommand(Leaf.remote("export", "export", "All of a user's server-side data as JSON.", pos("user", "USER")));
    admin.addSubcommand(Leaf.remote("notice", "notice", "Send a server notice to one user's live sessions or to all.",
        pos("text", "TEXT"), opt("user", "USER", "Only this user (default: everyone online).")));
    admin.addSubcommand(Restore.commandLine());
    admin.addSubcommand(nest("users", "List and manage accounts.",
        Leaf.remote("list", "users.list", "List accounts in id order.", opt("after", "ID", "Start after this user id."), opt("limit", "N", "At most N (default 100).")),
        Leaf.remote("show", "users.show", "One account with its devices and groups.", pos("user", "USER")),
        Leaf.remote("create", "users.create", "Create an account for a device key made elsewhere.", pos("username", "USERNAME"),
            opt("identity-key", "KEY", "The device's Ed25519 public key, hex or base64 (required)."), opt("device-name", "NAME", "Device name.")),
        Leaf.remote("disable", "users.disable", "Refuse the user's logins and close their sessions.", pos("user", "USER")),
        Leaf.remote("enable", "users.enable", "Allow a disabled user to log in again.", pos("user", "USER")),
        Leaf.remote("delete", "users.delete",
            "Erase the user and all their data (devices, inbox, keys, memberships); groups it owned pass to an admin or member.",
            pos("user", "USER"))));
    admin.addSubcommand(nest("devices", "A user's devices.",
        Leaf.remote("list", "devices.list", "List a user's devices.", pos("user", "USER")),
        Leaf.remote("revoke", "devices.revoke", "Remove a device and close its session.", pos("user", "USER"), pos("device", "DEVICE_ID"))));
    admin.addSubcommand(nest("sessions", "Live sessions.",
        Leaf.remote("list", "sessions.list", "List live sessions.", opt("user", "USER", "Only this user's.")),
        Leaf.remote("kick", "sessions.kick", "Close sessions; clients are told when they may reconnect.",
            opt("user", "USER", "All of this user's sessions."), opt("device", "DEVICE_ID", "This device's session."),
            opt("retry-after", "SECONDS", "Clients may reconnect after this long (default 30)."))));
    admin.addSubcommand(nest("registration", "Who may create accounts.",
        Leaf.remote("show", "registration.show", "Show the registration mode."),
        Leaf.remote("mode", "registration.set", "Set the registration mode: open, invite or closed.", pos("mode", "MODE"))));
    admin.addSubcommand(nest("invites", "Invite codes for registration in invite mode.",
        Leaf.remote("create", "invites.create", "Create an invite code.", opt("uses", "N", "How many registrations it admits (default 1)."),
            opt("expires-in-hours", "H", "Expire after H hours (default never)."), opt("code", "CODE", "Use this code instead of a random one.")),
        Leaf.remote("list", "invites.list", "List invite codes."),
        Leaf.remote("revoke", "invites.revoke", "Revoke an invite code.", pos("code", "CODE"))));
    admin.addSubcommand(nest("groups", "Groups and channels.",
        Leaf.remote("list", "groups.list", "List groups and channels in id order.", opt("after", "ID", "Start after this group id."), opt("limit", "N", "At most N (default 100).")),
        Leaf.remote("show", "groups.show", "One group or channel.", pos("group", "GROUP")),
        Leaf.remote("delete", "groups.delete", "Delete a group or channel with its messages.", pos("group", "GROUP"))));
    admin.addSubcommand(nest("limits", "Admission-control buckets and load-shedding marks, changed live.",
        Leaf.remote("show", "limits.show", "Show every bucket, the shedding marks and the pressure now."),
        Leaf.remote("set", "limits.set", "Change one bucket.", pos("bucket", "BUCKET"), opt("rate", "PER_SECOND", "Average admissions per second."),
            opt("burst", "N", "Largest burst.")),
        Leaf.remote("shed", "limits.shed", "Change the load-shedding marks given (0 = always shed, a drill).",
            opt("commit-queue-fraction", "F", "Commit queue fill (0-1) that refuses new sessions."),
            opt("ephemeral-at-lag", "MS", "Event-loop lag that drops typing and presence notices."),
            opt("new-sessions-at-lag", "MS", "Event-loop lag that refuses Register, LinkDevice and signed Logins."))));
    admin.addSubcommand(nest("backup", "Online backups (RocksDB checkpoints in <data-dir>/backups).",
        Leaf.remote("create", "backup.create", "Take a consistent backup while serving.", opt("name", "NAME", "Backup name (default: the UTC time).")),
        Leaf.remote("list", "backup.list", "List backups."),
        Leaf.remote("verify", "backup.verify", "Open a backup read-only and check every key.", pos("backup", "NAME_OR_PATH"))));
    admin.addSubcommand(nest("config", "The configuration in force.",
        Leaf.remote("show", "config.show", "Show the configuration (secrets redacted).")));
    admin.addSubcommand(nest("log-level", "Logging.",
        Leaf.remote("set", "log-level.set", "Set a logger's level (default: the root logger).", pos("level", "LEVEL"),
            opt("logger", "NAME", "Logger name, e.g. dev.parley.server.connection."))));
    return admin;
  }

  private static CommandLine nest(String name, String description, CommandLine... leaves) {
    CommandLine g = group(name, description);
    List.of(leaves).forEach(g::addSubcommand);
    return g;
  }

  private static CommandLine group(String name, String description) {
    CommandSpec[] self = new CommandSpec[1];
    CommandSpec spec = CommandSpec.wrapWithoutInspection((Runnable) () -> {
      throw new CommandLine.ParameterException(self[0].commandLine(),
          "name a command: " + String.join(", ", self[0].subcommands().keySet()));
    });
    self[0] = spec;
    spec.name(name).mixinStandardHelpOptions(true).usageMessage().description(description);
    return new CommandLine(spec);
  }
}
