package dev.parley.protocol.sdk;

import dev.parley.protocol.sdk.Outbox.PendingSend;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.SendAck;
import io.netty.channel.Channel;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Moves sends from the outbox to the server: prepares (encrypts) them one at a time in submission
 * order while logged in, writes each as soon as it is ready, re-prepares one the server refused with
 * DEVICE_MISMATCH (a bounded number of times), and completes each on its SendAck. Sends wait while
 * disconnected and go out again after the next login. Confined to the client's event loop.
 */
final class SendPump {
  static final int MAX_ATTEMPTS = 4;

  private final Outbox outbox = new Outbox();
  private final Outbox.RequestIds ids;
  private final SendPreparer preparer;
  private final Supplier<Channel> authenticatedChannel;
  private final Supplier<AccountInfo> me;
  private boolean preparing;

  SendPump(Outbox.RequestIds ids, SendPreparer preparer, Supplier<Channel> authenticatedChannel, Supplier<AccountInfo> me) {
    this.ids = ids;
    this.preparer = preparer;
    this.authenticatedChannel = authenticatedChannel;
    this.me = me;
  }

  void submit(PendingSend p) {
    outbox.add(p);
    pump();
  }

  /** A new login: repeat every prepared send, then go on preparing. */
  void onLogin(Channel channel) {
    outbox.frames(ids).forEach(channel::write);
    channel.flush();
    pump();
  }

  private void pump() {
    if (preparing || authenticatedChannel.get() == null) return;
    Optional<PendingSend> next = outbox.nextUnprepared();
    if (next.isEmpty()) return;
    PendingSend p = next.get();
    preparing = true;
    preparer.prepare(me.get(), p.recipient, p.clientMsgId, p.body, p.ttl, p.mismatch)
        .whenComplete((send, err) -> {
          preparing = false;
          if (err != null) {
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            // A lost connection only pauses this send: it is prepared again after the next login.
            if (!(cause instanceof ConnectionException)) outbox.fail(p, cause);
          } else {
            p.frame = send;
            p.mismatch = null;
            Channel channel = authenticatedChannel.get();
            if (channel != null) channel.writeAndFlush(outbox.frame(p, ids));
          }
          pump();
        });
  }

  /** True when {@code requestId} was a send, now acknowledged. */
  boolean onAck(long requestId, SendAck ack) {
    PendingSend p = outbox.take(requestId);
    if (p == null) return false;
    p.result.complete(new SendReceipt(ack.getServerMsgId(), ack.getServerTimeMs(), ack.getDuplicate()));
    return true;
  }

  /** True when {@code requestId} was a send: re-prepared after a device mismatch, else failed. */
  boolean onError(long requestId, ParleyException error) {
    PendingSend p = outbox.peek(requestId);
    if (p == null) return false;
    if (error.code() == ErrorCode.DEVICE_MISMATCH && ++p.attempts < MAX_ATTEMPTS) {
      p.frame = null;
      p.mismatch = new SendPreparer.Mismatch(error.missingDevices(), error.extraDevices());
      pump();
    } else {
      outbox.fail(p, error);
    }
    return true;
  }

  void failAll(Throwable cause) {
    outbox.failAll(cause);
  }
}
