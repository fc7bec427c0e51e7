package dev.parley.protocol.sdk;

import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.GroupSend;
import dev.parley.protocol.v1.SendAck;
import com.google.protobuf.ByteString;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Posts to groups that the server has not acknowledged yet. Like 1:1 sends they survive reconnects:
 * each is written again after every login with its original client_msg_id, so the server stores it
 * once. A post refused with RETRY_LATER is written again after a jittered delay no shorter than the
 * server's. Confined to the client's event loop.
 */
final class GroupOutbox {
  private static final class Pending {
    final GroupSend send;
    final CompletableFuture<SendReceipt> result;
    int retries;

    Pending(GroupSend send, CompletableFuture<SendReceipt> result) {
      this.send = send;
      this.result = result;
    }
  }

  private final Map<ByteString, Pending> pending = new LinkedHashMap<>();
  private final Map<Long, Pending> byRequest = new HashMap<>();
  private final Outbox.RequestIds ids;
  private final Retries retries;
  private final Supplier<Channel> authenticatedChannel;

  GroupOutbox(Outbox.RequestIds ids, Retries retries, Supplier<Channel> authenticatedChannel) {
    this.ids = ids;
    this.retries = retries;
    this.authenticatedChannel = authenticatedChannel;
  }

  void submit(GroupSend send, CompletableFuture<SendReceipt> result, Channel authenticated) {
    Pending p = new Pending(send, result);
    pending.put(send.getClientMsgId(), p);
    if (authenticated != null) authenticated.writeAndFlush(frame(p));
  }

  void onLogin(Channel channel) {
    byRequest.clear();
    List<Pending> all = new ArrayList<>(pending.values());
    all.forEach(p -> channel.write(frame(p)));
    channel.flush();
  }

  private ClientFrame frame(Pending p) {
    long id = ids.next();
    byRequest.put(id, p);
    return ClientFrame.newBuilder().setRequestId(id).setGroupSend(p.send).build();
  }

  boolean onAck(long requestId, SendAck ack) {
    Pending p = byRequest.remove(requestId);
    if (p == null) return false;
    pending.remove(p.send.getClientMsgId());
    p.result.complete(new SendReceipt(ack.getServerMsgId(), ack.getServerTimeMs(), ack.getDuplicate(), ack.getGroupSeq()));
    return true;
  }

  boolean onError(long requestId, ParleyException error) {
    Pending p = byRequest.remove(requestId);
    if (p == null) return false;
    if (error.code() == ErrorCode.RETRY_LATER) {
      retries.afterRefusal(p.retries++, error.retryAfter(), () -> resend(p));
      return true;
    }
    pending.remove(p.send.getClientMsgId());
    p.result.completeExceptionally(error);
    return true;
  }

  /** Unless it was answered, or written again by a new login, meanwhile. */
  private void resend(Pending p) {
    Channel channel = authenticatedChannel.get();
    if (channel != null && pending.get(p.send.getClientMsgId()) == p && !byRequest.containsValue(p)) {
      channel.writeAndFlush(frame(p));
    }
  }

  void failAll(Throwable cause) {
    List<Pending> all = new ArrayList<>(pending.values());
    pending.clear();
    byRequest.clear();
    all.forEach(p -> p.result.completeExceptionally(cause));
  }
}
