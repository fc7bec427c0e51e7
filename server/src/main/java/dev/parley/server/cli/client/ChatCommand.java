package dev.parley.server.cli.client;

import dev.parley.protocol.sdk.ConnectionState;
import dev.parley.protocol.sdk.InboundMessage;
import dev.parley.protocol.sdk.MessageListener;
import dev.parley.protocol.sdk.ParleyClient;
import dev.parley.server.cli.ExitCodes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import dev.parley.protocol.sdk.SendReceipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * An interactive terminal chat: {@code /to USER} picks the peer, typed lines are sent to it, incoming
 * messages print as they arrive, {@code /quit} (or end of input) leaves.
 */
@Command(name = "chat", mixinStandardHelpOptions = true, description = "Interactive terminal chat.")
public final class ChatCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private static final Duration QUIT_WAIT = Duration.ofSeconds(10);

  @Mixin ClientOptions options;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    ParleyClient client = null;
    try {
      client = Connected.login(options, new Printer(out), System.err);
      out.println("Logged in as " + client.account().username() + ". Commands: /to USER, /group NAME, /quit, /help");
      String peer = null;
      String group = null;
      List<CompletableFuture<SendReceipt>> pending = new ArrayList<>();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        line = line.strip();
        if (line.isEmpty()) continue;
        if (line.equals("/quit")) break;
        if (line.equals("/help")) {
          out.println("/to USER  talk to USER   /group NAME  talk in a group or channel   /quit  leave");
        } else if (line.startsWith("/to ")) {
          peer = line.substring(4).strip();
          group = null;
          out.println("talking to " + peer);
        } else if (line.startsWith("/group ")) {
          group = line.substring(7).strip();
          peer = null;
          out.println("talking in " + group);
        } else if (line.startsWith("/")) {
          out.println("unknown command " + line.split(" ")[0] + "; try /help");
        } else if (group != null) {
          pending.removeIf(CompletableFuture::isDone);
          pending.add(sendToGroup(client, group, line, out));
        } else if (peer == null) {
          out.println("pick someone first: /to USER or /group NAME");
        } else {
          pending.removeIf(CompletableFuture::isDone);
          pending.add(send(client, peer, line, out));
        }
      }
      awaitSends(pending, out);
      return ExitCodes.OK;
    } catch (Exception e) {
      return ClientFailure.report(e, System.err);
    } finally {
      if (client != null) client.close();
    }
  }

  /** Leaving must not drop what was typed: wait (bounded) for the server to store pending sends. */
  private static void awaitSends(List<CompletableFuture<SendReceipt>> pending, PrintStream out) {
    try {
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(QUIT_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      out.println("! some messages were not confirmed by the server before quitting");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // already reported per message
    }
  }

  private static CompletableFuture<SendReceipt> send(ParleyClient client, String peer, String text, PrintStream out) {
    return client.send(peer, text.getBytes(StandardCharsets.UTF_8))
        .whenComplete(
            (receipt, err) -> {
              synchronized (out) {
                if (err != null) out.println("! not sent to " + peer + ": " + rootMessage(err));
              }
            });
  }

  private static CompletableFuture<SendReceipt> sendToGroup(ParleyClient client, String group, String text, PrintStream out) {
    return client.sendToGroup(group, text.getBytes(StandardCharsets.UTF_8), Duration.ZERO)
        .whenComplete((receipt, err) -> {
          synchronized (out) {
            if (err != null) out.println("! not sent to " + group + ": " + rootMessage(err));
          }
        });
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) t = t.getCause();
    return t.getMessage();
  }

  private record Printer(PrintStream out) implements MessageListener {
    @Override
    public boolean onMessage(InboundMessage m) {
      synchronized (out) {
        out.println("[" + TIME.format(Instant.ofEpochMilli(m.sentAtMs())) + "] " + m.senderUsername() + ": "
            + new String(m.body(), StandardCharsets.UTF_8));
        out.flush();
      }
      return true;
    }

    @Override
    public boolean onGroupMessage(dev.parley.protocol.sdk.GroupMessage m) {
      synchronized (out) {
        out.println("[" + TIME.format(Instant.ofEpochMilli(m.sentAtMs())) + "] #" + m.groupName() + " "
            + m.senderUsername() + ": " + new String(m.body(), StandardCharsets.UTF_8));
        out.flush();
      }
      return true;
    }

    @Override
    public boolean onEdit(dev.parley.protocol.sdk.MessageEdit e) {
      return note(e.senderUsername() + " edited a message: " + new String(e.body(), StandardCharsets.UTF_8));
    }

    @Override
    public boolean onDelete(dev.parley.protocol.sdk.MessageDelete d) {
      return note(d.senderUsername() + " deleted a message");
    }

    @Override
    public boolean onReaction(dev.parley.protocol.sdk.MessageReaction r) {
      return note(r.senderUsername() + (r.removed() ? " took back " : " reacted ") + r.emoji());
    }

    @Override
    public void onServerNotice(String text, long sentAtMs) {
      note("notice from the server: " + text);
    }

    @Override
    public void onGroupUpdated(dev.parley.protocol.sdk.GroupUpdate u) {
      note("#" + u.name() + ": " + JsonLines.describe(u));
    }

    private boolean note(String line) {
      synchronized (out) {
        out.println("* " + line);
        out.flush();
      }
      return true;
    }

    @Override
    public void onStateChanged(ConnectionState state) {
      if (state == ConnectionState.DISCONNECTED) out.println("* connection lost, reconnecting...");
      if (state == ConnectionState.REPLACED) out.println("* this device logged in elsewhere; this chat is closed");
    }
  }
}
