package dev.parley.storage.rocks;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.parley.storage.StorageFailureException;
import dev.parley.storage.account.Account;
import dev.parley.storage.account.Device;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.account.Username;
import dev.parley.storage.inbox.ClientMsgId;
import dev.parley.storage.inbox.Envelope;
import dev.parley.storage.rocks.disk.AccountRecord;
import dev.parley.storage.rocks.disk.DeviceRecord;
import dev.parley.storage.rocks.disk.EnvelopeRecord;
import dev.parley.storage.rocks.disk.SentRecord;

/**
 * Maps domain records to their disk protobufs and back. A stored record that does not parse or
 * breaks a domain invariant is reported as {@link StorageFailureException}: it is damage on disk,
 * not bad input.
 */
final class Records {
  private Records() {}

  static byte[] account(Account a) {
    return AccountRecord.newBuilder()
        .setUserId(a.id().value())
        .setUsername(a.username().value())
        .setCreatedAtMs(a.createdAtMs())
        .setDisabled(a.disabled())
        .build()
        .toByteArray();
  }

  static Account account(byte[] bytes) {
    try {
      AccountRecord r = AccountRecord.parseFrom(bytes);
      return new Account(new UserId(r.getUserId()), new Username(r.getUsername()), r.getCreatedAtMs(), r.getDisabled());
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw corrupt("account", e);
    }
  }

  static byte[] device(Device d) {
    return DeviceRecord.newBuilder()
        .setUserId(d.user().value())
        .setDeviceId(d.id().value())
        .setIdentityKey(ByteString.copyFrom(d.identityKey()))
        .setName(d.name())
        .setCreatedAtMs(d.createdAtMs())
        .build()
        .toByteArray();
  }

  static Device device(byte[] bytes) {
    try {
      DeviceRecord r = DeviceRecord.parseFrom(bytes);
      return new Device(
          new UserId(r.getUserId()),
          new DeviceId(r.getDeviceId()),
          r.getIdentityKey().toByteArray(),
          r.getName(),
          r.getCreatedAtMs());
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw corrupt("device", e);
    }
  }

  static byte[] envelope(Envelope e) {
    return EnvelopeRecord.newBuilder()
        .setServerMsgId(e.serverMsgId())
        .setSenderUserId(e.sender().value())
        .setSenderDeviceId(e.senderDevice().value())
        .setSenderUsername(e.senderUsername())
        .setRecipientUserId(e.recipient().value())
        .setServerTimeMs(e.serverTimeMs())
        .setClientMsgId(ByteString.copyFrom(e.clientMsgId().bytes()))
        .setBody(ByteString.copyFrom(e.body()))
        .setExpiresAtMs(e.expiresAtMs())
        .build()
        .toByteArray();
  }

  static EnvelopeRecord envelopeRecord(byte[] bytes) {
    try {
      return EnvelopeRecord.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw corrupt("envelope", e);
    }
  }

  /**
   * The envelope of an inbox entry. Entries stored before recipient_user_id existed (it reads as 0)
   * were all sent to the inbox's owner, whom the caller passes as {@code legacyRecipient} (null
   * when it does not know them).
   */
  static Envelope envelope(EnvelopeRecord r, UserId legacyRecipient) {
    try {
      UserId recipient = r.getRecipientUserId() != 0 ? new UserId(r.getRecipientUserId()) : legacyRecipient;
      if (recipient == null) throw new IllegalArgumentException("no recipient");
      return new Envelope(
          r.getServerMsgId(),
          new UserId(r.getSenderUserId()),
          new DeviceId(r.getSenderDeviceId()),
          r.getSenderUsername(),
          recipient,
          r.getServerTimeMs(),
          new ClientMsgId(r.getClientMsgId().toByteArray()),
          r.getBody().toByteArray(),
          r.getExpiresAtMs());
    } catch (IllegalArgumentException e) {
      throw corrupt("envelope", e);
    }
  }

  static byte[] sent(long serverMsgId, long serverTimeMs) {
    return SentRecord.newBuilder().setServerMsgId(serverMsgId).setServerTimeMs(serverTimeMs).build().toByteArray();
  }

  /** The dedup record of a group post: where in which group's log it was stored. */
  static byte[] groupSent(long serverMsgId, long serverTimeMs, long groupId, long groupSeq) {
    return SentRecord.newBuilder()
        .setServerMsgId(serverMsgId)
        .setServerTimeMs(serverTimeMs)
        .setGroupId(groupId)
        .setGroupSeq(groupSeq)
        .build()
        .toByteArray();
  }

  static SentRecord sent(byte[] bytes) {
    try {
      return SentRecord.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw corrupt("sent", e);
    }
  }

  static StorageFailureException corrupt(String kind, Exception cause) {
    return new StorageFailureException("corrupt " + kind + " record", cause);
  }
}
