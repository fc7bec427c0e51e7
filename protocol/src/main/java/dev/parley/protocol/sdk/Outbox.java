package dev.parley.protocol.sdk;

import com.google.protobuf.ByteString;
import dev.parley.protocol.sdk.e2e.proto.Content;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.Send;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Sends that the server has not acknowledged yet, in submission order. They survive reconnects: after
 * each login every prepared one is written again, with the same client_msg_id and the same
 * ciphertexts, so the server stores each message once however often it is retried. Confined to the
 * client's event loop.
 */
final class Outbox {
  private final Map<ByteString, PendingSend> byClientMsgId = new LinkedHashMap<>();
  private final Map<Long, PendingSend> byRequestId = new HashMap<>();
  private final ArrayDeque<PendingSend> unprepared = new ArrayDeque<>();

  /** One message on its way: the plaintext until it is prepared, then its encrypted frame too. */
  static final class PendingSend {
    final String recipient;
    final byte[] clientMsgId;
    /** What is sealed for every device: the body, an edit, delete or reaction, a receipt, or a group's sender key. */
    final Content content;
    final Duration ttl;
    final CompletableFuture<SendReceipt> result;
    Send frame;
    int attempts;
    int retries;
    SendPreparer.Mismatch mismatch;

    PendingSend(String recipient, byte[] clientMsgId, byte[] body, Duration ttl, CompletableFuture<SendReceipt> result) {
      this(recipient, clientMsgId, Content.newBuilder().setBody(ByteString.copyFrom(body)).build(), ttl, result);
    }

    PendingSend(String recipient, byte[] clientMsgId, Content content, Duration ttl, CompletableFuture<SendReceipt> result) {
      this.recipient = recipient;
      this.clientMsgId = clientMsgId.clone();
      this.content = content;
      this.ttl = ttl;
      this.result = result;
    }

    ByteString key() {
      return ByteString.copyFrom(clientMsgId);
    }
  }

  void add(PendingSend p) {
    if (byClientMsgId.putIfAbsent(p.key(), p) == null) unprepared.addLast(p);
  }

  /** The oldest send not yet encrypted, taken off the queue; empty if none. */
  Optional<PendingSend> nextUnprepared() {
    return Optional.ofNullable(unprepared.pollFirst());
  }

  /** Puts a send back to be prepared (again) before all others: after a lost connection or a mismatch. */
  void prepareAgain(PendingSend p) {
    p.frame = null;
    if (byClientMsgId.containsKey(p.key())) unprepared.addFirst(p);
  }

  /** Frames for every prepared send, each under a fresh request id from {@code ids}. */
  List<ClientFrame> frames(RequestIds ids) {
    byRequestId.clear();
    List<ClientFrame> frames = new ArrayList<>();
    for (PendingSend p : byClientMsgId.values()) {
      if (p.frame != null) frames.add(frame(p, ids));
    }
    return frames;
  }

  /** The frame for one prepared send, under a fresh request id. */
  ClientFrame frame(PendingSend p, RequestIds ids) {
    long id = ids.next();
    byRequestId.put(id, p);
    return ClientFrame.newBuilder().setRequestId(id).setSend(p.frame).build();
  }

  /** The pending send answered by {@code requestId}, removed; null if none. */
  PendingSend take(long requestId) {
    PendingSend p = byRequestId.remove(requestId);
    if (p != null) byClientMsgId.remove(p.key());
    return p;
  }

  /** The pending send answered by {@code requestId}, left in place (to prepare it again); null if none. */
  PendingSend peek(long requestId) {
    return byRequestId.remove(requestId);
  }

  /** True while {@code p} waits for a RETRY_LATER resend: still pending, and under no request id. */
  boolean awaitingRetry(PendingSend p) {
    return byClientMsgId.get(p.key()) == p && !byRequestId.containsValue(p);
  }

  void fail(PendingSend p, Throwable cause) {
    byClientMsgId.remove(p.key());
    unprepared.remove(p);
    byRequestId.values().remove(p);
    p.result.completeExceptionally(cause);
  }

  void failAll(Throwable cause) {
    List<PendingSend> all = new ArrayList<>(byClientMsgId.values());
    byClientMsgId.clear();
    byRequestId.clear();
    unprepared.clear();
    all.forEach(p -> p.result.completeExceptionally(cause));
  }

  int size() {
    return byClientMsgId.size();
  }

  /** Sends encrypted and not yet answered. */
  int inFlight() {
    return byClientMsgId.size() - unprepared.size();
  }

  /** Request ids of one client: positive, increasing. */
  static final class RequestIds {
    private long next = 1;

    long next() {
      return next++;
    }
  }
}
