package dev.parley.server.group;

import com.google.protobuf.ByteString;
import dev.parley.protocol.v1.ConversationKind;
import dev.parley.protocol.v1.GroupDeliver;
import dev.parley.protocol.v1.GroupEnvelope;
import dev.parley.protocol.v1.GroupInfo;
import dev.parley.protocol.v1.Member;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupEntry;
import dev.parley.storage.group.GroupKind;
import dev.parley.storage.group.Membership;
import dev.parley.storage.group.Role;

/** Groups between the store's records and the wire. */
public final class GroupFrames {
  private GroupFrames() {}

  /**
   * The live push of one log entry; built once per post and shared by every member connection. Its
   * prev_seq is seq - 1: a pump writes it only when that is the seq it sent last.
   */
  public static ServerFrame deliver(Group group, GroupEntry e) {
    return deliver(group, e, e.seq() - 1);
  }

  public static ServerFrame deliver(Group group, GroupEntry e, long prevSeq) {
    return ServerFrame.newBuilder().setGroupDeliver(deliverBody(group, e, prevSeq)).build();
  }

  /** The GroupDeliver of one entry, also the element of a Sync page. */
  public static GroupDeliver deliverBody(Group group, GroupEntry e, long prevSeq) {
    GroupEnvelope.Builder env = GroupEnvelope.newBuilder()
        .setServerMsgId(e.serverMsgId())
        .setSenderUserId(e.sender().value())
        .setSenderDeviceId(e.senderDevice().value())
        .setSenderUsername(e.senderUsername())
        .setServerTimeMs(e.serverTimeMs())
        .setClientMsgId(ByteString.copyFrom(e.clientMsgId().bytes()))
        .setBody(ByteString.copyFrom(e.body()))
        .setExpiresAtMs(e.expiresAtMs())
        .setGroupName(group.name().value())
        .setKind(kind(group.kind()))
        .setSignature(ByteString.copyFrom(e.signature()));
    switch (e.revision()) {
      case GroupEntry.Revision.Original o -> {}
      case GroupEntry.Revision.Edited ed -> env.setEditedAtMs(ed.editedAtMs());
      case GroupEntry.Revision.Deleted d -> env.setDeleted(true);
    }
    switch (e.revises()) {
      case GroupEntry.Revises.Nothing n -> {}
      case GroupEntry.Revises.EditOf of -> env.setEditsSeq(of.seq());
      case GroupEntry.Revises.DeleteOf of -> env.setDeletesSeq(of.seq());
    }
    return GroupDeliver.newBuilder().setGroupId(group.id().value()).setSeq(e.seq()).setEnvelope(env).setPrevSeq(prevSeq)
        .build();
  }

  static GroupInfo info(Group g, Role role, int memberCount, long lastSeq) {
    return GroupInfo.newBuilder()
        .setGroupId(g.id().value())
        .setKind(kind(g.kind()))
        .setName(g.name().value())
        .setRole(role(role))
        .setMemberCount(memberCount)
        .setLastSeq(lastSeq)
        .setMessageTtlSeconds(g.settings().messageTtlSeconds())
        .setEndToEnd(g.settings().endToEnd())
        .setOnlyAdminsPost(g.settings().onlyAdminsPost())
        .build();
  }

  static Member member(Membership m, String username) {
    return Member.newBuilder().setUserId(m.user().value()).setUsername(username).setRole(role(m.role())).build();
  }

  static ConversationKind kind(GroupKind k) {
    return k == GroupKind.CHANNEL ? ConversationKind.CHANNEL : ConversationKind.GROUP;
  }

  static dev.parley.protocol.v1.Role role(Role r) {
    return switch (r) {
      case OWNER -> dev.parley.protocol.v1.Role.OWNER;
      case ADMIN -> dev.parley.protocol.v1.Role.ADMIN;
      case MEMBER -> dev.parley.protocol.v1.Role.MEMBER;
    };
  }
}
