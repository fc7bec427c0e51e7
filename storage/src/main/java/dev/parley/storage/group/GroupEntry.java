package dev.parley.storage.group;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.inbox.ClientMsgId;

/**
 * The message at position {@code seq} of a group's log, as every member reads it. An edit replaces
 * the body; a delete for everyone empties it and leaves the entry in place as a marker, so readers
 * and catching-up devices learn of it. {@code signature} is the poster's, as appended (empty where
 * there is none).
 */
public record GroupEntry(
    GroupId group,
    long seq,
    long serverMsgId,
    UserId sender,
    DeviceId senderDevice,
    String senderUsername,
    long serverTimeMs,
    ClientMsgId clientMsgId,
    byte[] body,
    long expiresAtMs,
    Revision revision,
    byte[] signature,
    Revises revises) {

  public GroupEntry {
    body = body.clone();
    signature = signature.clone();
    java.util.Objects.requireNonNull(revises, "revises");
  }

  /** An ordinary post (not an edit or delete of another) without a signature. */
  public GroupEntry(
      GroupId group, long seq, long serverMsgId, UserId sender, DeviceId senderDevice, String senderUsername,
      long serverTimeMs, ClientMsgId clientMsgId, byte[] body, long expiresAtMs, Revision revision) {
    this(group, seq, serverMsgId, sender, senderDevice, senderUsername, serverTimeMs, clientMsgId, body, expiresAtMs,
        revision, new byte[0], new Revises.Nothing());
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** True when the message has a time to live and it has passed at {@code nowMs}. */
  public boolean expiredAt(long nowMs) {
    return expiresAtMs != 0 && expiresAtMs <= nowMs;
  }

  /** What happened to the entry after it was appended; only the latest change is kept. */
  public sealed interface Revision {
    record Original() implements Revision {}

    /** The body is the editor's replacement. */
    record Edited(UserId editor, long editedAtMs) implements Revision {}

    /** Deleted for everyone: the body is empty. */
    record Deleted(UserId deletedBy, long deletedAtMs) implements Revision {}
  }

  /** Which earlier entry this one changed when it was appended (see {@link GroupStore#appendRevision}). */
  public sealed interface Revises {
    record Nothing() implements Revises {}

    record EditOf(long seq) implements Revises {}

    record DeleteOf(long seq) implements Revises {}
  }
}
