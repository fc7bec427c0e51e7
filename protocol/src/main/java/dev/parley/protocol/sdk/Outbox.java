package dev.parley.protocol.sdk;

import com.google.protobuf.ByteString;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.Send;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends that the server has not acknowledged yet, in submission order. They survive reconnects: after
 * each login every one is written again with its original client_msg_id, so the server stores each
 * message once however often it is retried. Confined to the client's event loop.
 */
final class Outbox {
  private final Map<ByteString, PendingSend> byClientMsgId = new LinkedHashMap<>();
  private final Map<Long, PendingSend> byRequestId = new HashMap<>();

  record PendingSend(Send send, CompletableFuture<SendReceipt> result) {}

  void add(Send send, CompletableFuture<SendReceipt> result) {
    byClientMsgId.put(send.getClientMsgId(), new PendingSend(send, result));
  }

  /** Frames for every pending send, each under a fresh request id from {@code ids}. */
  List<ClientFrame> frames(RequestIds ids) {
    byRequestId.clear();
    List<ClientFrame> frames = new ArrayList<>(byClientMsgId.size());
    for (PendingSend p : byClientMsgId.values()) {
      long id = ids.next();
      byRequestId.put(id, p);
      frames.add(ClientFrame.newBuilder().setRequestId(id).setSend(p.send()).build());
    }
    return frames;
  }

  /** A frame for one newly added send, under a fresh request id. */
  ClientFrame frame(Send send, RequestIds ids) {
    long id = ids.next();
    byRequestId.put(id, byClientMsgId.get(send.getClientMsgId()));
    return ClientFrame.newBuilder().setRequestId(id).setSend(send).build();
  }

  /** The pending send answered by {@code requestId}, removed; null if none. */
  PendingSend take(long requestId) {
    PendingSend p = byRequestId.remove(requestId);
    if (p != null) byClientMsgId.remove(p.send().getClientMsgId());
    return p;
  }

  void failAll(Throwable cause) {
    List<PendingSend> all = new ArrayList<>(byClientMsgId.values());
    byClientMsgId.clear();
    byRequestId.clear();
    all.forEach(p -> p.result().completeExceptionally(cause));
  }

  int size() {
    return byClientMsgId.size();
  }

  /** Request ids of one client: positive, increasing. */
  static final class RequestIds {
    private long next = 1;

    long next() {
      return next++;
    }
  }
}
