package dev.parley.storage.rocks;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupEntry;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.GroupKind;
import dev.parley.storage.group.GroupMessage;
import dev.parley.storage.group.GroupName;
import dev.parley.storage.group.GroupSettings;
import dev.parley.storage.group.Membership;
import dev.parley.storage.group.Role;
import dev.parley.storage.inbox.ClientMsgId;
import dev.parley.storage.rocks.disk.GroupKindDisk;
import dev.parley.storage.rocks.disk.GroupMessageRecord;
import dev.parley.storage.rocks.disk.GroupRecord;
import dev.parley.storage.rocks.disk.MembershipRecord;
import dev.parley.storage.rocks.disk.RoleDisk;

/**
 * Maps groups, memberships and group log entries to their disk protobufs and back. Damage on disk is
 * reported as {@link dev.parley.storage.StorageFailureException}, as in {@link Records}.
 */
final class GroupRecords {
  private GroupRecords() {}

  static GroupRecord groupRecord(Group g, int memberCount) {
    return withSettings(GroupRecord.newBuilder(), g.settings())
        .setGroupId(g.id().value())
        .setKind(g.kind() == GroupKind.CHANNEL ? GroupKindDisk.GROUP_KIND_CHANNEL : GroupKindDisk.GROUP_KIND_GROUP)
        .setName(g.name().value())
        .setCreatedAtMs(g.createdAtMs())
        .setOwnerUserId(g.owner().value())
        .setMemberCount(memberCount)
        .build();
  }

  static GroupRecord.Builder withSettings(GroupRecord.Builder b, GroupSettings s) {
    return b.setOnlyAdminsPost(s.onlyAdminsPost())
        .setOnlyAdminsEdit(s.onlyAdminsEdit())
        .setMemberLimit(s.memberLimit())
        .setMessageTtlSeconds(s.messageTtlSeconds())
        .setEndToEnd(s.endToEnd());
  }

  static GroupRecord groupRecord(byte[] bytes) {
    try {
      return GroupRecord.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw Records.corrupt("group", e);
    }
  }

  static Group group(GroupRecord r) {
    try {
      GroupKind kind =
          switch (r.getKind()) {
            case GROUP_KIND_GROUP -> GroupKind.GROUP;
            case GROUP_KIND_CHANNEL -> GroupKind.CHANNEL;
            case GROUP_KIND_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalArgumentException("kind " + r.getKind());
          };
      GroupSettings settings =
          new GroupSettings(
              r.getOnlyAdminsPost(), r.getOnlyAdminsEdit(), r.getMemberLimit(), r.getMessageTtlSeconds(),
              r.getEndToEnd());
      return new Group(
          new GroupId(r.getGroupId()),
          kind,
          new GroupName(r.getName()),
          r.getCreatedAtMs(),
          new UserId(r.getOwnerUserId()),
          settings);
    } catch (IllegalArgumentException e) {
      throw Records.corrupt("group", e);
    }
  }

  static Group group(byte[] bytes) {
    return group(groupRecord(bytes));
  }

  static byte[] membership(Membership m) {
    return MembershipRecord.newBuilder()
        .setRole(
            switch (m.role()) {
              case OWNER -> RoleDisk.ROLE_OWNER;
              case ADMIN -> RoleDisk.ROLE_ADMIN;
              case MEMBER -> RoleDisk.ROLE_MEMBER;
            })
        .setJoinedAtMs(m.joinedAtMs())
        .setJoinedAtSeq(m.joinedAtSeq())
        .build()
        .toByteArray();
  }

  /** The membership stored under group_members or user_groups; the key holds group and user. */
  static Membership membership(GroupId group, UserId user, byte[] bytes) {
    try {
      MembershipRecord r = MembershipRecord.parseFrom(bytes);
      Role role =
          switch (r.getRole()) {
            case ROLE_OWNER -> Role.OWNER;
            case ROLE_ADMIN -> Role.ADMIN;
            case ROLE_MEMBER -> Role.MEMBER;
            case ROLE_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalArgumentException("role " + r.getRole());
          };
      return new Membership(group, user, role, r.getJoinedAtMs(), r.getJoinedAtSeq());
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw Records.corrupt("membership", e);
    }
  }

  static byte[] message(GroupMessage m, long serverMsgId) {
    return messageBuilder(m, serverMsgId).build().toByteArray();
  }

  static GroupMessageRecord.Builder messageBuilder(GroupMessage m, long serverMsgId) {
    return GroupMessageRecord.newBuilder()
        .setServerMsgId(serverMsgId)
        .setSenderUserId(m.sender().value())
        .setSenderDeviceId(m.senderDevice().value())
        .setSenderUsername(m.senderUsername())
        .setServerTimeMs(m.nowMs())
        .setClientMsgId(ByteString.copyFrom(m.clientMsgId().bytes()))
        .setBody(ByteString.copyFrom(m.body()))
        .setExpiresAtMs(m.expiresAtMs())
        .setSignature(ByteString.copyFrom(m.signature()));
  }

  static GroupMessageRecord messageRecord(byte[] bytes) {
    try {
      return GroupMessageRecord.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw Records.corrupt("group message", e);
    }
  }

  static GroupEntry entry(GroupId group, long seq, GroupMessageRecord r) {
    try {
      return new GroupEntry(
          group,
          seq,
          r.getServerMsgId(),
          new UserId(r.getSenderUserId()),
          new DeviceId(r.getSenderDeviceId()),
          r.getSenderUsername(),
          r.getServerTimeMs(),
          new ClientMsgId(r.getClientMsgId().toByteArray()),
          r.getBody().toByteArray(),
          r.getExpiresAtMs(),
          revision(r),
          r.getSignature().toByteArray(),
          revises(r));
    } catch (IllegalArgumentException e) {
      throw Records.corrupt("group message", e);
    }
  }

  private static GroupEntry.Revises revises(GroupMessageRecord r) {
    if (r.getEditsSeq() != 0) return new GroupEntry.Revises.EditOf(r.getEditsSeq());
    if (r.getDeletesSeq() != 0) return new GroupEntry.Revises.DeleteOf(r.getDeletesSeq());
    return new GroupEntry.Revises.Nothing();
  }

  private static GroupEntry.Revision revision(GroupMessageRecord r) {
    if (r.getDeleted()) return new GroupEntry.Revision.Deleted(new UserId(r.getDeletedByUserId()), r.getDeletedAtMs());
    if (r.getEditedByUserId() != 0) {
      return new GroupEntry.Revision.Edited(new UserId(r.getEditedByUserId()), r.getEditedAtMs());
    }
    return new GroupEntry.Revision.Original();
  }
}
