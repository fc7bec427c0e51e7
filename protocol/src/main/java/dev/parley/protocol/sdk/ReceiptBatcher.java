package dev.parley.protocol.sdk;

import com.google.protobuf.ByteString;
import dev.parley.protocol.sdk.e2e.proto.Content;
import dev.parley.protocol.sdk.e2e.proto.ReceiptContent;
import dev.parley.protocol.sdk.e2e.proto.ReceiptType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends receipts as end-to-end encrypted 1:1 messages to the sender of what they acknowledge (and,
 * by the usual Send rule, to this account's other devices). Delivered receipts are collected while a
 * burst of deliveries is handled and sent at its end, one message per sender (per group for posts)
 * for the whole burst, at most {@link #MAX_IDS} ids each. Read receipts go out when the application
 * marks messages read. Confined to the client's event loop.
 */
final class ReceiptBatcher {
  private static final Logger log = LoggerFactory.getLogger(ReceiptBatcher.class);
  /** Ids per receipt message: 16-byte ids keep even a full one far below any body limit. */
  static final int MAX_IDS = 512;

  private record GroupKey(String poster, long groupId) {}

  private final Map<String, List<ByteString>> delivered = new LinkedHashMap<>();
  private final Map<GroupKey, List<Long>> deliveredPosts = new LinkedHashMap<>();
  private final BiFunction<String, Content, CompletableFuture<SendReceipt>> send;
  private final GroupReceiptGate groups;

  ReceiptBatcher(BiFunction<String, Content, CompletableFuture<SendReceipt>> send, GroupReceiptGate groups) {
    this.send = send;
    this.groups = groups;
  }

  /** A message from {@code sender} was handed to the application: acknowledge it at the burst's end. */
  void delivered(String sender, byte[] clientMsgId) {
    delivered.computeIfAbsent(sender, s -> new ArrayList<>()).add(ByteString.copyFrom(clientMsgId));
  }

  /** A post of {@code poster} in a group was handed to the application. */
  void deliveredPost(String poster, long groupId, long seq) {
    deliveredPosts.computeIfAbsent(new GroupKey(poster, groupId), k -> new ArrayList<>()).add(seq);
  }

  /** End of a burst: send the collected delivered receipts. */
  void flush() {
    delivered.forEach((sender, ids) -> quietly(messages(sender, ReceiptType.DELIVERED, ids)));
    delivered.clear();
    deliveredPosts.forEach((k, seqs) -> quietly(posts(k.poster(), k.groupId(), ReceiptType.DELIVERED, seqs)));
    deliveredPosts.clear();
  }

  /** Read receipts for 1:1 messages of {@code sender}; completes once stored by the server. */
  CompletableFuture<Void> read(String sender, List<ByteString> clientMsgIds) {
    return messages(sender, ReceiptType.READ, clientMsgIds);
  }

  /** Read receipts for posts of {@code poster}; completes at once when the group gets no receipts. */
  CompletableFuture<Void> readPosts(String poster, long groupId, List<Long> seqs) {
    return posts(poster, groupId, ReceiptType.READ, seqs);
  }

  private CompletableFuture<Void> messages(String to, ReceiptType type, List<ByteString> ids) {
    List<CompletableFuture<SendReceipt>> sent = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += MAX_IDS) {
      List<ByteString> chunk = ids.subList(from, Math.min(ids.size(), from + MAX_IDS));
      sent.add(send.apply(to, content(ReceiptContent.newBuilder().setType(type).addAllClientMsgIds(chunk))));
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<Void> posts(String to, long groupId, ReceiptType type, List<Long> seqs) {
    List<Long> copy = List.copyOf(seqs);
    return groups.allows(groupId).thenCompose(allowed -> {
      if (!allowed) return CompletableFuture.completedFuture(null);
      List<CompletableFuture<SendReceipt>> sent = new ArrayList<>();
      for (int from = 0; from < copy.size(); from += MAX_IDS) {
        List<Long> chunk = copy.subList(from, Math.min(copy.size(), from + MAX_IDS));
        sent.add(send.apply(to, content(
            ReceiptContent.newBuilder().setType(type).setGroupId(groupId).addAllGroupSeqs(chunk))));
      }
      return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    });
  }

  private static Content content(ReceiptContent.Builder receipt) {
    return Content.newBuilder().setReceipt(receipt).build();
  }

  /** Delivered receipts are best effort: a refusal (the sender's account is gone) is only logged. */
  private static void quietly(CompletableFuture<Void> sent) {
    sent.whenComplete((ok, err) -> {
      if (err != null) log.debug("delivered receipt not sent: {}", err.toString());
    });
  }
}
