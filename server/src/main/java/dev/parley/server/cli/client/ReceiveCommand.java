package dev.parley.server.cli.client;

import dev.parley.protocol.sdk.InboundMessage;
import dev.parley.protocol.sdk.MessageListener;
import dev.parley.server.cli.ExitCodes;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Prints incoming messages as JSON lines. Each message is printed (and stdout flushed) before it is
 * acknowledged, so a message is never lost between the server and the terminal.
 */
@Command(name = "receive", mixinStandardHelpOptions = true,
    description = "Print incoming messages, edits, deletes and reactions as JSON lines.")
final class ReceiveCommand implements Callable<Integer> {
  @ParentCommand ClientCommand parent;

  @Option(names = "--count", paramLabel = "N", description = "Exit after N messages (exit 4 if fewer arrive in time).")
  Integer count;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
      description = "Exit after this many seconds without a message (default 5).")
  long timeoutSeconds;

  @Option(names = "--receipts",
      description = "Also print delivered and read receipts, as {\"receipt\":...} lines (not counted by --count).")
  boolean receipts;

  @Override
  public Integer call() {
    if (count != null && count < 1) {
      System.err.println("parley: --count must be >= 1");
      return ExitCodes.USAGE;
    }
    LinkedBlockingQueue<Boolean> printed = new LinkedBlockingQueue<>();
    Printer printer = new Printer(System.out, count == null ? Long.MAX_VALUE : count, printed, receipts);
    return Connected.withClient(parent.options, printer, client -> {
      long seen = 0;
      while (count == null || seen < count) {
        if (printed.poll(timeoutSeconds, TimeUnit.SECONDS) == null) break; // silence: done waiting
        seen++;
      }
      return count == null || seen >= count ? ExitCodes.OK : ExitCodes.TIMED_OUT;
    });
  }

  /** Prints up to {@code limit} messages; later ones stay on the server for the next run. */
  private static final class Printer implements MessageListener {
    private final PrintStream out;
    private final long limit;
    private final LinkedBlockingQueue<Boolean> printed;
    private final boolean receipts;
    private long count;

    Printer(PrintStream out, long limit, LinkedBlockingQueue<Boolean> printed, boolean receipts) {
      this.out = out;
      this.limit = limit;
      this.printed = printed;
      this.receipts = receipts;
    }

    /** Receipts are consumed by receive; printed only when asked, and never counted as messages. */
    @Override
    public boolean onReceipt(dev.parley.protocol.sdk.Receipt receipt) {
      if (count >= limit) return false;
      if (receipts) {
        out.println(JsonLines.receipt(receipt));
        out.flush();
      }
      return true;
    }

    @Override
    public boolean onMessage(InboundMessage message) {
      return print(JsonLines.message(message));
    }

    @Override
    public boolean onGroupMessage(dev.parley.protocol.sdk.GroupMessage message) {
      return print(JsonLines.message(message));
    }

    @Override
    public boolean onEdit(dev.parley.protocol.sdk.MessageEdit edit) {
      return print(JsonLines.edit(edit));
    }

    @Override
    public boolean onDelete(dev.parley.protocol.sdk.MessageDelete delete) {
      return print(JsonLines.delete(delete));
    }

    @Override
    public boolean onReaction(dev.parley.protocol.sdk.MessageReaction reaction) {
      return print(JsonLines.reaction(reaction));
    }

    @Override
    public boolean onConversationTimer(dev.parley.protocol.sdk.ConversationTimerChange change) {
      return print(JsonLines.timer(change));
    }

    /** Printed as it comes, not counted against --limit: a notice is not a message of a conversation. */
    @Override
    public void onServerNotice(String text, long sentAtMs) {
      synchronized (out) {
        out.println(JsonLines.notice(text, sentAtMs));
        out.flush();
      }
    }

    /** A group change: pushed, never stored, so like a notice it is printed but not counted. */
    @Override
    public void onGroupUpdated(dev.parley.protocol.sdk.GroupUpdate update) {
      synchronized (out) {
        out.println(JsonLines.groupUpdated(update));
        out.flush();
      }
    }

    private boolean print(String line) {
      if (count >= limit) return false;
      out.println(line);
      out.flush();
      count++;
      printed.add(Boolean.TRUE);
      return true;
    }
  }
}
