package dev.parley.protocol.sdk;

import dev.parley.protocol.sdk.Outbox.PendingSend;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.Limits;
import dev.parley.protocol.v1.SendAck;
import io.netty.channel.Channel;
import java.util.Optional;
import dev.parley.protocol.v1.Send;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Moves sends from the outbox to the server: prepares (encrypts) them one at a time in submission
 * order while logged in, writes each as soon as it is ready, re-prepares one the server refused with
 * DEVICE_MISMATCH (a bounded number of times), writes one refused with RETRY_LATER again after a
 * jittered delay no shorter than the server's, and completes each on its SendAck. Sends wait while
 * disconnected and go out again after the next login. Confined to the client's event loop.
 */
final class SendPump {
  static final int MAX_ATTEMPTS = 4;
  /**
   * Most sends encrypted and not yet acknowledged. Each encryption advances a ratchet; if the app
   * dies with encrypted sends unacknowledged, those message numbers are lost, and a receiver skips
   * at most {@code RatchetSession.MAX_SKIP} of them. Keeping this well below that bound means a
   * restarted client's next messages always decrypt. It also bounds the work queued at the server.
   */
  static final int MAX_IN_FLIGHT = 128;

  private final Outbox outbox = new Outbox();
  private final Outbox.RequestIds ids;
  private final SendPreparer preparer;
  private final Supplier<Channel> authenticatedChannel;
  private final Supplier<AccountInfo> me;
  private final Supplier<Limits> limits;
  private final Retries retries;
  /** Makes the keyring durable; runs before written frames are flushed (see {@link SendPreparer}). */
  private final Runnable saveState;
  private boolean preparing;
  private boolean pumpScheduled;

  SendPump(
      Outbox.RequestIds ids, SendPreparer preparer, Supplier<Channel> authenticatedChannel, Supplier<AccountInfo> me,
      Supplier<Limits> limits, Retries retries, Runnable saveState) {
    this.retries = retries;
    this.saveState = saveState;
    this.ids = ids;
    this.preparer = preparer;
    this.authenticatedChannel = authenticatedChannel;
    this.me = me;
    this.limits = limits;
  }

  /** Queues {@code p}; sends submitted in one turn of the event loop are prepared together. */
  void submit(PendingSend p) {
    outbox.add(p);
    schedulePump();
  }

  /** A new login: repeat every prepared send, then go on preparing. */
  void onLogin(Channel channel) {
    outbox.frames(ids).forEach(channel::write);
    flush(channel);
    pump();
  }

  /**
   * Prepares sends in order until one has to wait for the server (a key fetch); sends whose sessions
   * exist are prepared at once, in a loop rather than by recursion, and saved and flushed together.
   */
  private void pump() {
    Channel channel = authenticatedChannel.get();
    boolean wrote = false;
    while (!preparing && channel != null && outbox.inFlight() < MAX_IN_FLIGHT) {
      Optional<PendingSend> next = outbox.nextUnprepared();
      if (next.isEmpty()) break;
      PendingSend p = next.get();
      CompletableFuture<Send> prepared =
          preparer.prepare(me.get(), p.recipient, p.clientMsgId, p.content, p.ttl, p.mismatch);
      if (prepared.isDone()) {
        wrote |= finish(p, prepared, channel);
        continue;
      }
      preparing = true;
      prepared.whenComplete((send, err) -> {
        preparing = false;
        Channel now = authenticatedChannel.get();
        if (finish(p, prepared, now)) flush(now);
        pump();
      });
    }
    if (wrote) flush(channel);
  }

  /**
   * Written frames stay in the channel until this flush, and nothing else runs on the loop in
   * between: the one save here covers every ratchet step of the batch before its bytes go out.
   */
  private void flush(Channel channel) {
    saveState.run();
    channel.flush();
  }

  /**
   * Pumps once the acknowledgements read with this one are handled: a commit round acknowledges
   * many sends at once, and pumping on each would save the keyring and flush once per send.
   */
  private void pumpSoon() {
    // A full window refills in halves, so a burst of sends is saved and flushed in batches of at
    // least half a window; acknowledgements keep coming while more than half is in flight.
    if (outbox.inFlight() <= MAX_IN_FLIGHT / 2) schedulePump();
  }

  /** Pumps after the tasks and reads already queued on the loop, once however often it is asked. */
  private void schedulePump() {
    Channel channel = authenticatedChannel.get();
    if (channel == null || pumpScheduled) return; // without a channel nothing is written; the next login pumps
    pumpScheduled = true;
    channel.eventLoop().execute(() -> {
      pumpScheduled = false;
      pump();
    });
  }

  /** Records the outcome of preparing {@code p}; true when a frame was written (not flushed). */
  private boolean finish(PendingSend p, CompletableFuture<Send> prepared, Channel channel) {
    try {
      Send frame = prepared.join();
      Optional<ParleyException> tooLarge = tooLarge(frame);
      if (tooLarge.isPresent()) {
        // Never written: the server would close the connection, and a resend would do it again.
        outbox.fail(p, tooLarge.get());
        return false;
      }
      p.frame = frame;
      p.mismatch = null;
      if (channel == null) return false;
      channel.write(outbox.frame(p, ids));
      return true;
    } catch (CompletionException | CancellationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      // A lost connection only pauses this send: it is prepared again after the next login.
      if (cause instanceof ConnectionException) outbox.prepareAgain(p);
      else outbox.fail(p, cause);
      return false;
    }
  }

  private Optional<ParleyException> tooLarge(Send frame) {
    Limits l = limits.get();
    long frameBytes = frame.getSerializedSize() + FRAME_OVERHEAD;
    boolean copyTooLarge = l.getMaxBodyBytes() > 0
        && frame.getDeviceMessagesList().stream().anyMatch(m -> m.getCiphertext().size() > l.getMaxBodyBytes());
    if (copyTooLarge || (l.getMaxFrameBytes() > 0 && frameBytes > l.getMaxFrameBytes())) {
      return Optional.of(new ParleyException(ErrorCode.MESSAGE_TOO_LARGE,
          "encrypted for every device the message is " + frameBytes + " bytes; this server takes "
              + l.getMaxFrameBytes() + " per frame and " + l.getMaxBodyBytes() + " per device", java.time.Duration.ZERO));
    }
    return Optional.empty();
  }

  /** Room for the frame's length prefix, request id and field tags around the Send. */
  private static final int FRAME_OVERHEAD = 32;

  /** True when {@code requestId} was a send, now acknowledged. */
  boolean onAck(long requestId, SendAck ack) {
    PendingSend p = outbox.take(requestId);
    if (p == null) return false;
    p.result.complete(new SendReceipt(ack.getServerMsgId(), ack.getServerTimeMs(), ack.getDuplicate(), 0));
    pumpSoon();
    return true;
  }

  /** True when {@code requestId} was a send: re-prepared after a device mismatch, else failed. */
  boolean onError(long requestId, ParleyException error) {
    PendingSend p = outbox.peek(requestId);
    if (p == null) return false;
    if (error.code() == ErrorCode.RETRY_LATER && p.frame != null) {
      // Not stored: the same frame (same client_msg_id) goes again, no sooner than the server said.
      retries.afterRefusal(p.retries++, error.retryAfter(), () -> resend(p));
    } else if (error.code() == ErrorCode.DEVICE_MISMATCH && ++p.attempts < MAX_ATTEMPTS) {
      p.mismatch = new SendPreparer.Mismatch(error.missingDevices(), error.extraDevices());
      outbox.prepareAgain(p);
      pump();
    } else {
      outbox.fail(p, error);
      pump();
    }
    return true;
  }

  /** A send refused for now, written again unless it was answered or resent by a new login meanwhile. */
  private void resend(PendingSend p) {
    Channel channel = authenticatedChannel.get();
    if (channel != null && p.frame != null && outbox.awaitingRetry(p)) {
      channel.write(outbox.frame(p, ids));
      flush(channel);
    }
  }

  void failAll(Throwable cause) {
    outbox.failAll(cause);
  }
}
