package dev.parley.protocol.sdk;

/**
 * The server's durable acknowledgement of a send. {@code duplicate} is true when the server had
 * already stored this message (a retry after a lost acknowledgement); the ids are the original ones.
 */
public record SendReceipt(long serverMsgId, long serverTimeMs, boolean duplicate) {}
