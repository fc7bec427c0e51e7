package dev.parley.server.delivery;

import com.google.protobuf.ByteString;
import dev.parley.protocol.v1.Deliver;
import dev.parley.protocol.v1.Envelope;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.storage.inbox.InboxEntry;

/** Stored inbox entries as wire frames. */
public final class WireEnvelopes {
  private WireEnvelopes() {}

  public static ServerFrame deliver(InboxEntry entry, long prevSeq) {
    return ServerFrame.newBuilder().setDeliver(deliverBody(entry, prevSeq)).build();
  }

  /** The Deliver of one entry, also the element of a Sync page. */
  public static Deliver deliverBody(InboxEntry entry, long prevSeq) {
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
    return Deliver.newBuilder().setSeq(entry.seq()).setEnvelope(wire).setPrevSeq(prevSeq).build();
  }
}
