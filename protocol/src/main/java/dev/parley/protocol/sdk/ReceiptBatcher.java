package dev.parley.protocol.sdk;

import com.google.protobuf.ByteString;
import dev.parley.protocol.sdk.OwedReceipts.Owed;
import dev.parley.protocol.sdk.e2e.proto.Content;
import dev.parley.protocol.sdk.e2e.proto.ReceiptContent;
import dev.parley.protocol.sdk.e2e.proto.ReceiptType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends receipts as end-to-end encrypted 1:1 messages to the sender of what they acknowledge (and,
 * by the usual Send rule, to this account's other devices). Delivered receipts are collected while a
 * burst of deliveries is handled and sent at its end, one message per sender (per group for posts)
 * for the whole burst, at most {@link #MAX_IDS} ids each. Read receipts go out when the application
 * marks messages read.
 *
 * <p>Every receipt message is owed ({@link OwedReceipts}, saved with the keyring) from the moment it
 * is queued until the server acknowledges or refuses it. A delivered receipt is recorded while its
 * message is handled, and the keyring is saved before that message is acknowledged (at the read
 * burst's end), so a receipt is owed durably before the server may forget the message. What an
 * earlier run still owed is sent after the first login. Confined to the client's event loop.
 */
final class ReceiptBatcher {
  private static final Logger log = LoggerFactory.getLogger(ReceiptBatcher.class);
  /** Ids per receipt message: 16-byte ids keep even a full one far below any body limit. */
  static final int MAX_IDS = 512;

  /** Sends SDK content under a given client message id; completes on the server's acknowledgement. */
  interface Sender {
    CompletableFuture<SendReceipt> send(String to, byte[] clientMsgId, Content content);
  }

  /** Whose delivered receipts a message collects: a sender's 1:1 messages, or a poster's posts in one group. */
  private record Collecting(String to, long groupId) {}

  private final OwedReceipts owed;
  private final Runnable changed;
  private final Sender send;
  private final GroupReceiptGate groups;
  private final Supplier<byte[]> newClientMsgId;
  /** The delivered receipt still taking ids in this burst, per sender (per poster and group). */
  private final Map<Collecting, Owed> collecting = new LinkedHashMap<>();
  /** Delivered receipts of this burst, sent at its end (even those the bound forgot: only a restart loses them). */
  private final List<Owed> burst = new ArrayList<>();
  /** Owed by an earlier run of this device: sent after the first login. */
  private final List<Owed> fromEarlierRun;

  /**
   * @param owed the keyring's record; {@code changed} marks the keyring to be saved with the next save
   */
  ReceiptBatcher(
      OwedReceipts owed, Runnable changed, Sender send, GroupReceiptGate groups, Supplier<byte[]> newClientMsgId) {
    this.owed = owed;
    this.changed = changed;
    this.send = send;
    this.groups = groups;
    this.newClientMsgId = newClientMsgId;
    this.fromEarlierRun = owed.all();
  }

  /** A message from {@code sender} was handed to the application: acknowledge it at the burst's end. */
  void delivered(String sender, byte[] clientMsgId) {
    owed.addId(collecting(new Collecting(sender, 0)), ByteString.copyFrom(clientMsgId));
    changed.run();
  }

  /** A post of {@code poster} in a group was handed to the application. */
  void deliveredPost(String poster, long groupId, long seq) {
    owed.addSeq(collecting(new Collecting(poster, groupId)), seq);
    changed.run();
  }

  private Owed collecting(Collecting key) {
    Owed o = collecting.get(key);
    if (o == null || o.size() >= MAX_IDS) {
      o = newOwed(key.to(), ReceiptContent.newBuilder().setType(ReceiptType.DELIVERED).setGroupId(key.groupId()));
      collecting.put(key, o);
      burst.add(o);
      owed.add(o);
    }
    return o;
  }

  /** End of a burst: send the collected delivered receipts. */
  void flush() {
    collecting.clear();
    List<Owed> now = new ArrayList<>(burst);
    burst.clear();
    now.forEach(o -> quietly(dispatch(o)));
  }

  /** After a login: sends what an earlier run of this device still owed (once; later logins find none). */
  void onLogin() {
    List<Owed> now = new ArrayList<>(fromEarlierRun);
    fromEarlierRun.clear();
    now.forEach(o -> quietly(dispatch(o)));
  }

  /** Read receipts for 1:1 messages of {@code sender}; completes once stored by the server. */
  CompletableFuture<Void> read(String sender, List<ByteString> clientMsgIds) {
    return inChunks(clientMsgIds,
        chunk -> owe(sender, ReceiptContent.newBuilder().setType(ReceiptType.READ).addAllClientMsgIds(chunk)));
  }

  /** Read receipts for posts of {@code poster}; completes at once when the group gets no receipts. */
  CompletableFuture<Void> readPosts(String poster, long groupId, List<Long> seqs) {
    return inChunks(seqs, chunk -> owe(
        poster, ReceiptContent.newBuilder().setType(ReceiptType.READ).setGroupId(groupId).addAllGroupSeqs(chunk)));
  }

  /** One receipt message per {@link #MAX_IDS} items; completes when all of them did. */
  private static <T> CompletableFuture<Void> inChunks(List<T> items, Function<List<T>, CompletableFuture<Void>> send) {
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (int from = 0; from < items.size(); from += MAX_IDS) {
      sent.add(send.apply(items.subList(from, Math.min(items.size(), from + MAX_IDS))));
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<Void> owe(String to, ReceiptContent.Builder receipt) {
    Owed o = newOwed(to, receipt);
    owed.add(o);
    changed.run();
    return dispatch(o);
  }

  private Owed newOwed(String to, ReceiptContent.Builder receipt) {
    return new Owed(to, ByteString.copyFrom(newClientMsgId.get()), receipt);
  }

  /**
   * Sends {@code o} (a group's only if the group gets receipts) and settles it: acknowledged or
   * refused, it is no longer owed; not sent because the client closed, it stays owed for the next run.
   */
  private CompletableFuture<Void> dispatch(Owed o) {
    CompletableFuture<Boolean> allowed =
        o.groupId() == 0 ? CompletableFuture.completedFuture(true) : groups.allows(o.groupId());
    CompletableFuture<Void> sent = allowed.thenCompose(ok -> ok
        ? send.send(o.to, o.clientMsgId.toByteArray(), o.content()).thenApply(receipt -> (Void) null)
        : CompletableFuture.completedFuture(null));
    return sent.whenComplete((ok, err) -> {
      if ((err == null || Futures.cause(err) instanceof ParleyException) && owed.forget(o.clientMsgId)) changed.run();
    });
  }

  /** Delivered receipts are best effort: a refusal (the sender's account is gone) is only logged. */
  private static void quietly(CompletableFuture<Void> sent) {
    sent.whenComplete((ok, err) -> {
      if (err != null) log.debug("delivered receipt not sent: {}", err.toString());
    });
  }
}
