package dev.parley.protocol.sdk;

/**
 * A message delivered to this device. {@code seq} is its position in this device's inbox; the SDK
 * hands each seq to the application at most once and in increasing order.
 */
public record InboundMessage(
    long seq,
    long serverMsgId,
    long senderUserId,
    long senderDeviceId,
    String senderUsername,
    long sentAtMs,
    byte[] clientMsgId,
    byte[] body,
    long expiresAtMs) {}
