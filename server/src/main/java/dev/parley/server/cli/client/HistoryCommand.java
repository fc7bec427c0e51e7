package dev.parley.server.cli.client;

import dev.parley.protocol.sdk.HistoryEntry;
import dev.parley.protocol.sdk.HistoryPage;
import dev.parley.server.cli.ExitCodes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code group history GROUP [--before SEQ] [--limit N]}, also under {@code channel}: one page of
 * older posts, oldest first, one JSON line each as {@code receive} prints them, then a last line
 * {@code {"more":true,"next_before":SEQ}} or {@code {"more":false}}. Reads only: the posts stay
 * where they are for {@code receive}, and no cursor moves.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = "Print one page of older posts (oldest first) as JSON lines, then {\"more\":...}.")
final class HistoryCommand implements Callable<Integer> {
  @ParentCommand Object parent;
  @Parameters(index = "0", paramLabel = "GROUP") String name;
  @Option(names = "--before", paramLabel = "SEQ", description = "Only posts with a smaller seq (default: from the newest).")
  long before;
  @Option(names = "--limit", paramLabel = "N", description = "At most this many (default and cap: the server's page size).")
  int limit;

  @Override
  public Integer call() {
    if (before < 0 || limit < 0) {
      System.err.println("parley: --before and --limit must not be negative");
      return ExitCodes.USAGE;
    }
    return Connected.withClient(InviteCommands.options(parent), Connected.LEAVE_MESSAGES, c -> {
      HistoryPage page = c.history(name, before, limit).get(30, TimeUnit.SECONDS);
      for (HistoryEntry e : page.entries()) System.out.println(line(page.groupId(), e));
      Map<String, Object> end = new LinkedHashMap<>();
      end.put("more", page.more());
      if (page.more()) end.put("next_before", page.nextBeforeSeq());
      System.out.println(JsonLines.write(end));
      return ExitCodes.OK;
    });
  }

  /** A post as receive prints it; an edit, delete or reaction as receive prints it plus its own "at_seq". */
  static String line(long groupId, HistoryEntry entry) {
    return switch (entry) {
      case HistoryEntry.Post p -> JsonLines.message(p.message());
      case HistoryEntry.Edit e -> atSeq(JsonLines.editFields(e.edit()), e.seq());
      case HistoryEntry.Delete d -> atSeq(JsonLines.deleteFields(d.delete()), d.seq());
      case HistoryEntry.Reaction r -> atSeq(JsonLines.reactionFields(r.reaction()), r.seq());
      case HistoryEntry.Unreadable u -> {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", "unreadable");
        out.put("group_id", groupId);
        out.put("seq", u.seq());
        out.put("from_user_id", u.senderUserId());
        out.put("from_device_id", u.senderDeviceId());
        out.put("reason", u.reason());
        yield JsonLines.write(out);
      }
    };
  }

  private static String atSeq(Map<String, Object> fields, long seq) {
    fields.put("at_seq", seq);
    return JsonLines.write(fields);
  }
}
