package dev.parley.server.connection;

import dev.parley.protocol.v1.Error;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.GoingAway;
import dev.parley.protocol.v1.GoingAwayReason;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.protocol.version.ProtocolVersion;
import dev.parley.server.refusal.Refusal;

/** Builders for the server frames the connection writes. */
final class Frames {
  private Frames() {}

  static ServerFrame error(long requestId, ErrorCode code, String message) {
    return error(requestId, new Refusal(code, message, 0));
  }

  static ServerFrame error(long requestId, Refusal r) {
    Error.Builder e = Error.newBuilder().setCode(r.code()).setMessage(r.message()).setRetryAfterMs(r.retryAfterMs());
    if (r.code() == ErrorCode.UNSUPPORTED_VERSION) {
      e.setMinProtocolVersion(ProtocolVersion.MIN).setMaxProtocolVersion(ProtocolVersion.MAX);
    }
    return ServerFrame.newBuilder().setRequestId(requestId).setError(e).build();
  }

  static ServerFrame goingAway(GoingAwayReason reason, long retryAfterMs) {
    return ServerFrame.newBuilder()
        .setGoingAway(GoingAway.newBuilder().setReason(reason).setRetryAfterMs(retryAfterMs))
        .build();
  }
}
