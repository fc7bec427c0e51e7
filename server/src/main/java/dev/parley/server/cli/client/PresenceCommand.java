package dev.parley.server.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.sdk.PresenceInfo;
import dev.parley.server.cli.ExitCodes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Prints the presence of users, one JSON line each, as the server lets this user see it. */
@Command(name = "presence", mixinStandardHelpOptions = true,
    description = "Show whether users are online, or when they were last seen (if they let you see it).")
final class PresenceCommand implements Callable<Integer> {
  @ParentCommand ClientCommand parent;

  @Parameters(arity = "1..*", paramLabel = "USER", description = "Usernames.")
  List<String> users;

  @Override
  public Integer call() {
    return Connected.withClient(parent.options, Connected.LEAVE_MESSAGES, client -> {
      List<PresenceInfo> all = client.followPresence(users).get(Connected.LOGIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      ObjectMapper json = new ObjectMapper();
      for (PresenceInfo p : all) System.out.println(json.writeValueAsString(line(p)));
      return ExitCodes.OK;
    });
  }

  /** {"user":"bob","presence":"online"|"offline"|"hidden"[,"last_seen":ISO-8601]}. */
  static Map<String, Object> line(PresenceInfo p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user", p.username());
    out.put("presence", p.state().name().toLowerCase(java.util.Locale.ROOT));
    if (p.lastSeenMs() != 0) out.put("last_seen", Instant.ofEpochMilli(p.lastSeenMs()).toString());
    return out;
  }
}
