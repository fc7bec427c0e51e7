package dev.parley.protocol.sdk;

import com.google.protobuf.ByteString;
import dev.parley.protocol.sdk.e2e.proto.Content;
import dev.parley.protocol.sdk.e2e.proto.DeviceState;
import dev.parley.protocol.sdk.e2e.proto.OwedReceipt;
import dev.parley.protocol.sdk.e2e.proto.ReceiptContent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The receipts this device owes: queued to be sent and not yet acknowledged by the server. Part of
 * the {@link Keyring}, saved with it, so a receipt still owed when the application dies goes out
 * after the next start, under the same client message id (the server's deduplication makes that
 * harmless when the first try was stored after all).
 *
 * <p>Bounded by what the receipts name: at most {@link #MAX_IDS} client message ids or group seqs in
 * all. Beyond that the oldest receipt messages are forgotten here; a send already under way goes on,
 * but is not repeated after a restart. Confined to the client's event loop.
 */
final class OwedReceipts {
  /** About 74 KB of 1:1 ids at most in the saved state; a receipt message names at most 512. */
  static final int MAX_IDS = 4_096;

  /** One receipt message: to whom, under which client message id, naming which messages. */
  static final class Owed {
    final String to;
    final ByteString clientMsgId;
    /** Takes more ids while a burst of deliveries is collected, until it is sent. */
    final ReceiptContent.Builder receipt;

    Owed(String to, ByteString clientMsgId, ReceiptContent.Builder receipt) {
      if (clientMsgId.size() != 16) throw new IllegalArgumentException("a client message id is 16 bytes");
      this.to = to;
      this.clientMsgId = clientMsgId;
      this.receipt = receipt;
    }

    int size() {
      return receipt.getClientMsgIdsCount() + receipt.getGroupSeqsCount();
    }

    long groupId() {
      return receipt.getGroupId();
    }

    Content content() {
      return Content.newBuilder().setReceipt(receipt.build()).build();
    }
  }

  private final Map<ByteString, Owed> owed = new LinkedHashMap<>();
  private int ids;

  /** Records {@code o} with the ids it names now; forgets the oldest beyond the bound. */
  void add(Owed o) {
    Owed old = owed.put(o.clientMsgId, o);
    if (old != null) ids -= old.size();
    ids += o.size();
    trim();
  }

  /** Adds a 1:1 message id to {@code o}; counted only while {@code o} is still recorded. */
  void addId(Owed o, ByteString clientMsgId) {
    o.receipt.addClientMsgIds(clientMsgId);
    grew(o);
  }

  /** Adds a group post's seq to {@code o}; counted only while {@code o} is still recorded. */
  void addSeq(Owed o, long seq) {
    o.receipt.addGroupSeqs(seq);
    grew(o);
  }

  private void grew(Owed o) {
    if (owed.get(o.clientMsgId) != o) return;
    ids++;
    trim();
  }

  /** The oldest go first; the newest is always kept, as one receipt message names far fewer than the bound. */
  private void trim() {
    Iterator<Owed> oldest = owed.values().iterator();
    while (ids > MAX_IDS && oldest.hasNext()) {
      ids -= oldest.next().size();
      oldest.remove();
    }
  }

  /** The server acknowledged (or refused) the receipt message; true if it was recorded. */
  boolean forget(ByteString clientMsgId) {
    Owed o = owed.remove(clientMsgId);
    if (o != null) ids -= o.size();
    return o != null;
  }

  /** Everything owed, oldest first. */
  List<Owed> all() {
    return new ArrayList<>(owed.values());
  }

  /** Ids and seqs named by everything owed. */
  int ids() {
    return ids;
  }

  void writeTo(DeviceState.Builder s) {
    for (Owed o : owed.values()) {
      s.addOwedReceipts(OwedReceipt.newBuilder().setToUsername(o.to).setClientMsgId(o.clientMsgId).setReceipt(o.receipt));
    }
  }

  /** Reads what {@link #writeTo} wrote; a malformed entry throws {@link IllegalArgumentException}. */
  static OwedReceipts readFrom(DeviceState s) {
    OwedReceipts r = new OwedReceipts();
    for (OwedReceipt o : s.getOwedReceiptsList()) {
      if (o.getToUsername().isEmpty()) throw new IllegalArgumentException("an owed receipt names no recipient");
      r.add(new Owed(o.getToUsername(), o.getClientMsgId(), o.getReceipt().toBuilder()));
    }
    return r;
  }
}
