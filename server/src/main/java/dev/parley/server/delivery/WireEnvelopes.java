package dev.parley.server.delivery;

import com.google.protobuf.ByteString;
import dev.parley.protocol.v1.Deliver;
import dev.parley.protocol.v1.Envelope;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.storage.inbox.InboxEntry;

/** Stored inbox entries as wire frames. */
final class WireEnvelopes {
  private WireEnvelopes() {}

  static ServerFrame deliver(InboxEntry entry) {
    var e = entry.envelope();
    Envelope wire =
        Envelope.newBuilder()
            .setServerMsgId(e.serverMsgId())
            .setSenderUserId(e.sender().value())
            .setSenderDeviceId(e.senderDevice().value())
            .setSenderUsername(e.senderUsername())
            .setServerTimeMs(e.serverTimeMs())
            .setClientMsgId(ByteString.copyFrom(e.clientMsgId().bytes()))
            .setBody(ByteString.copyFrom(e.body()))
            .setExpiresAtMs(e.expiresAtMs())
            .setRecipientUserId(e.recipient().value())
            .build();
    return ServerFrame.newBuilder().setDeliver(Deliver.newBuilder().setSeq(entry.seq()).setEnvelope(wire)).build();
  }
}
