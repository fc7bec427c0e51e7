package dev.parley.protocol.sdk;

import dev.parley.protocol.sdk.e2e.proto.Content;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.GroupDevices;
import dev.parley.protocol.v1.GroupSend;
import dev.parley.protocol.v1.Limits;
import dev.parley.protocol.v1.ListGroupDevices;
import dev.parley.protocol.v1.ServerFrame;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Group posts on their way from {@link ParleyClient#sendToGroup} to the {@link GroupOutbox}, in
 * submission order. For the post at the head it asks the server for the group's member devices
 * ({@code ListGroupDevices}, which also says whether the group is end-to-end), brings this device's
 * sender key in step with them ({@link SenderKeyDistributor}), then seals that post and every post
 * of the same group queued behind it ({@link GroupPostSealer}) and hands them to the outbox, which
 * writes them and repeats them after reconnects. One post (batch) at a time, so posts keep their
 * order. A lost connection leaves the queue as it is until the next login. Confined to the client's
 * event loop.
 */
final class GroupPostPump {
  /** A post not sealed yet. */
  /** A post waiting to be sealed; {@code editsSeq} or {@code deletesSeq} (else 0) names the post it changes. */
  record Pending(
      String group, byte[] clientMsgId, Content content, Duration ttl, long editsSeq, long deletesSeq,
      CompletableFuture<SendReceipt> result) {}

  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final Function<ClientFrame.Builder, CompletableFuture<ServerFrame>> request;
  private final SenderKeyDistributor distributor;
  private final GroupPostSealer sealer;
  private final GroupOutbox outbox;
  private final Supplier<Channel> authenticatedChannel;
  private final Supplier<AccountInfo> me;
  private final Supplier<Limits> limits;
  private boolean busy;

  GroupPostPump(
      Function<ClientFrame.Builder, CompletableFuture<ServerFrame>> request, SenderKeyDistributor distributor,
      GroupPostSealer sealer, GroupOutbox outbox, Supplier<Channel> authenticatedChannel, Supplier<AccountInfo> me,
      Supplier<Limits> limits) {
    this.request = request;
    this.distributor = distributor;
    this.sealer = sealer;
    this.outbox = outbox;
    this.authenticatedChannel = authenticatedChannel;
    this.me = me;
    this.limits = limits;
  }

  void submit(Pending p) {
    queue.addLast(p);
    pump();
  }

  void onLogin() {
    pump();
  }

  void failAll(Throwable cause) {
    List<Pending> all = new ArrayList<>(queue);
    queue.clear();
    all.forEach(p -> p.result().completeExceptionally(cause));
  }

  private void pump() {
    if (busy || queue.isEmpty() || authenticatedChannel.get() == null) return;
    busy = true;
    Pending head = queue.peekFirst();
    request.apply(ClientFrame.newBuilder().setListGroupDevices(ListGroupDevices.newBuilder().setGroup(ParleyClient.ref(head.group()))))
        .thenCompose(f -> {
          GroupDevices devices = f.getGroupDevices();
          sealer.admit(devices);
          return devices.getEndToEnd()
              ? distributor.ensure(devices).thenApply(ignored -> devices)
              : CompletableFuture.completedFuture(devices);
        })
        .whenComplete((devices, err) -> {
          busy = false;
          if (err != null) {
            Throwable cause = Futures.cause(err);
            // A lost connection only pauses the queue: it goes on after the next login.
            if (cause instanceof ConnectionException) return;
            if (queue.peekFirst() == head) queue.pollFirst().result().completeExceptionally(cause);
          } else {
            sealAll(head.group(), devices);
          }
          pump();
        });
  }

  /** Seals the posts of {@code group} at the head of the queue, all under one look at its members. */
  private void sealAll(String group, GroupDevices devices) {
    while (!queue.isEmpty() && queue.peekFirst().group().equals(group)) {
      Pending p = queue.pollFirst();
      GroupSend send = devices.getEndToEnd()
          ? sealer.encrypted(devices.getGroupId(), p.clientMsgId(), p.content(), p.ttl())
          : sealer.signed(me.get(), devices.getGroupId(), p.clientMsgId(), p.content(), p.ttl());
      if (p.editsSeq() != 0 || p.deletesSeq() != 0) {
        send = send.toBuilder().setEditsSeq(p.editsSeq()).setDeletesSeq(p.deletesSeq()).build();
      }
      int maxBody = limits.get().getMaxBodyBytes();
      if (maxBody > 0 && send.getBody().size() > maxBody) {
        // Never written: the server would refuse it, and a resend after every login would repeat that.
        p.result().completeExceptionally(new ParleyException(ErrorCode.MESSAGE_TOO_LARGE,
            "the sealed post is " + send.getBody().size() + " bytes; this server takes " + maxBody, Duration.ZERO));
        continue;
      }
      outbox.submit(send, p.result(), authenticatedChannel.get());
    }
  }
}
