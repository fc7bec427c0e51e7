package dev.parley.protocol.sdk;

import java.time.Duration;

/**
 * A 1:1 conversation's disappearing-message timer changed.
 *
 * @param peerUserId the other participant of the conversation
 * @param byUserId who set it (the peer, or this user from another device)
 * @param byUsername their username
 * @param ttl how long later messages live; zero means the timer is off
 * @param setAtMs when the server stored the change (epoch milliseconds)
 */
public record ConversationTimerChange(long peerUserId, long byUserId, String byUsername, Duration ttl, long setAtMs) {}
