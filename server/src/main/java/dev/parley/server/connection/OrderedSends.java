package dev.parley.server.connection;

import dev.parley.protocol.v1.Send;
import dev.parley.server.account.AuthenticatedDevice;
import dev.parley.server.messaging.MessagingService;
import dev.parley.server.messaging.PreparedSend;
import dev.parley.server.messaging.SendOutcome;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;

/**
 * One connection's sends in arrival order. Recipient lookups run concurrently and may finish in any
 * order; stores are submitted to the commit stage strictly in arrival order, so a sender's messages
 * keep their order in every inbox. Confined to the connection's event loop.
 */
final class OrderedSends {
  /** Where each send's outcome goes, on the event loop. */
  interface Completion {
    void done(long requestId, SendOutcome outcome, Throwable unexpected);
  }

  private static final class Pending {
    final long requestId;
    PreparedSend prepared;
    Throwable failure;
    boolean resolved;

    Pending(long requestId) {
      this.requestId = requestId;
    }
  }

  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final MessagingService messaging;
  private final EventExecutor loop;
  private final Completion completion;

  OrderedSends(MessagingService messaging, EventExecutor loop, Completion completion) {
    this.messaging = messaging;
    this.loop = loop;
    this.completion = completion;
  }

  void submit(AuthenticatedDevice sender, long requestId, Send send) {
    Pending p = new Pending(requestId);
    queue.add(p);
    messaging.prepare(sender, send).whenCompleteAsync((prepared, err) -> {
      p.prepared = prepared;
      p.failure = err;
      p.resolved = true;
      release();
    }, loop);
  }

  private void release() {
    while (!queue.isEmpty() && queue.peek().resolved) {
      Pending p = queue.poll();
      if (p.failure != null) {
        completion.done(p.requestId, null, p.failure);
        continue;
      }
      switch (p.prepared) {
        case PreparedSend.Ready r ->
            messaging.store(r.message()).whenCompleteAsync((o, err) -> completion.done(p.requestId, o, err), loop);
        case PreparedSend.Refused f -> completion.done(p.requestId, new SendOutcome.Rejected(f.refusal()), null);
      }
    }
  }
}
