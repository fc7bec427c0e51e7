package dev.parley.server.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.sdk.ParleyClient;
import dev.parley.protocol.sdk.SendReceipt;
import dev.parley.server.cli.ExitCodes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code parley client edit|delete|react USER MSG_ID ...}: change or react to a 1:1 message, named
 * by the {@code msg_id} that {@code send} and {@code receive} print. Each prints the stored change's
 * {@code {"id":...,"stored_at":...}} once the server has it.
 */
final class RevisionCommands {
  private RevisionCommands() {}

  static int sendAndPrint(ClientOptions options, Function<ParleyClient, CompletableFuture<SendReceipt>> change) {
    return Connected.withClient(options, Connected.LEAVE_MESSAGES, c -> {
      SendReceipt r = change.apply(c).get(30, TimeUnit.SECONDS);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", r.serverMsgId());
      out.put("stored_at", Instant.ofEpochMilli(r.serverTimeMs()).toString());
      System.out.println(new ObjectMapper().writeValueAsString(out));
      return ExitCodes.OK;
    });
  }

  @Command(name = "edit", mixinStandardHelpOptions = true,
      description = "Replace the text of a message you sent (receivers apply it within 48 h).")
  static final class Edit implements Callable<Integer> {
    @ParentCommand ClientCommand parent;
    @Parameters(index = "0", paramLabel = "USERNAME") String recipient;
    @Parameters(index = "1", paramLabel = "MSG_ID") String msgId;
    @Parameters(index = "2", paramLabel = "TEXT") String text;

    @Override
    public Integer call() {
      return sendAndPrint(parent.options,
          c -> c.edit(recipient, JsonLines.msgId(msgId), text.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a message you sent, for everyone.")
  static final class Delete implements Callable<Integer> {
    @ParentCommand ClientCommand parent;
    @Parameters(index = "0", paramLabel = "USERNAME") String recipient;
    @Parameters(index = "1", paramLabel = "MSG_ID") String msgId;

    @Override
    public Integer call() {
      return sendAndPrint(parent.options, c -> c.deleteForEveryone(recipient, JsonLines.msgId(msgId)));
    }
  }

  @Command(name = "react", mixinStandardHelpOptions = true, description = "React to a message of a conversation.")
  static final class React implements Callable<Integer> {
    @ParentCommand ClientCommand parent;
    @Parameters(index = "0", paramLabel = "USERNAME", description = "The other user of the conversation.") String peer;
    @Parameters(index = "1", paramLabel = "MSG_ID") String msgId;
    @Parameters(index = "2", paramLabel = "EMOJI") String emoji;
    @Option(names = "--remove", description = "Take the reaction back.") boolean remove;

    @Override
    public Integer call() {
      return sendAndPrint(parent.options, c -> c.react(peer, JsonLines.msgId(msgId), emoji, remove));
    }
  }
}
