package dev.parley.protocol.sdk;

/**
 * The server's durable acknowledgement of a send. {@code duplicate} is true when the server had
 * already stored this message (a retry after a lost acknowledgement); the ids are the original ones.
 * {@code groupSeq} is a group post's position in the group's log (0 for 1:1 messages).
 */
public record SendReceipt(long serverMsgId, long serverTimeMs, boolean duplicate, long groupSeq) {}
