package dev.parley.server.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.protocol.sdk.SendReceipt;
import dev.parley.server.cli.ExitCodes;
import java.nio.charset.StandardCharsets;
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

/** Sends one text message; exits 0 only after the server's durable acknowledgement. */
@Command(name = "send", mixinStandardHelpOptions = true, description = "Send a text message to a user.")
final class SendCommand implements Callable<Integer> {
  @ParentCommand ClientCommand parent;

  @Parameters(index = "0", paramLabel = "USERNAME") String recipient;

  @Parameters(index = "1", paramLabel = "TEXT") String text;

  @Option(names = "--ttl", paramLabel = "SECONDS",
      description = "Delete the message unread after this long (default: the conversation's timer, see `timer`).")
  Long ttlSeconds;

  @Option(names = "--view-once", description = "The recipient sees it once (their app is told to forget it once viewed).")
  boolean viewOnce;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "30",
      description = "Give up after this long without an acknowledgement (default 30); reconnects meanwhile.")
  long waitSeconds;

  @Override
  public Integer call() {
    if (ttlSeconds != null && ttlSeconds < 0) {
      System.err.println("parley: --ttl must be >= 0");
      return ExitCodes.USAGE;
    }
    return Connected.withClient(parent.options, Connected.LEAVE_MESSAGES, client -> {
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      byte[] msgId = new byte[16];
      new java.security.SecureRandom().nextBytes(msgId);
      SendReceipt receipt =
          (viewOnce ? client.sendViewOnce(recipient, body, Duration.ZERO)
              : client.send(recipient, msgId, body, ttlSeconds != null ? Duration.ofSeconds(ttlSeconds)
                  : client.conversationTimer(recipient).get(waitSeconds, TimeUnit.SECONDS)))
              .get(waitSeconds, TimeUnit.SECONDS);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", receipt.serverMsgId());
      out.put("stored_at", Instant.ofEpochMilli(receipt.serverTimeMs()).toString());
      if (!viewOnce) {
        // What edit, delete and react name, and receipts ("receive --receipts") too.
        out.put("msg_id", JsonLines.hex(msgId));
        out.put("client_msg_id", JsonLines.hex(msgId));
      }
      System.out.println(new ObjectMapper().writeValueAsString(out));
      return ExitCodes.OK;
    });
  }
}
