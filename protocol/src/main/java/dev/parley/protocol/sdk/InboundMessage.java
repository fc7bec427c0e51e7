package dev.parley.protocol.sdk;

/**
 * A message delivered to this device, decrypted. {@code seq} is its position in this device's inbox;
 * the SDK hands each seq to the application at most once and in increasing order. {@code
 * recipientUserId} is the user it was sent to: this account's own id for ordinary messages, the
 * peer's for copies of what this account sent from another device ({@code sentByThisAccount}).
 * A {@code viewOnce} message is to be shown once: after {@link ParleyClient#markViewed} and {@code
 * expireAfterReadSeconds}, the listener's {@link MessageListener#onViewOnceExpired} says to forget it.
 */
public record InboundMessage(
    long seq,
    long serverMsgId,
    long senderUserId,
    long senderDeviceId,
    String senderUsername,
    long recipientUserId,
    long sentAtMs,
    byte[] clientMsgId,
    byte[] body,
    long expiresAtMs,
    boolean sentByThisAccount,
    boolean viewOnce,
    long expireAfterReadSeconds) {}
