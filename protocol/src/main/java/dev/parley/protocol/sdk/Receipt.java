package dev.parley.protocol.sdk;

import java.util.List;

/**
 * A delivered or read receipt for messages this account sent: from the recipient's device {@code
 * fromDeviceId}, or, with {@code fromThisAccount}, a read receipt that another device of this account
 * sent (read sync: the messages of {@code peerUserId} were read there). 1:1 messages are named by
 * their client message id ({@code clientMsgIds}); group posts by {@code groupId} and their {@code
 * groupSeqs}. Receipts travel end to end encrypted like messages; {@code sentAtMs} is the server's
 * time when the receipt was stored.
 */
public record Receipt(
    Kind kind,
    long fromUserId,
    String fromUsername,
    long fromDeviceId,
    long peerUserId,
    boolean fromThisAccount,
    List<byte[]> clientMsgIds,
    long groupId,
    List<Long> groupSeqs,
    long sentAtMs) {

  public enum Kind {
    /** The messages reached a device of the recipient and were handed to its application. */
    DELIVERED,
    /** The recipient's application marked the messages read ({@link ParleyClient#markRead}). */
    READ
  }

  public Receipt {
    clientMsgIds = List.copyOf(clientMsgIds);
    groupSeqs = List.copyOf(groupSeqs);
  }
}
