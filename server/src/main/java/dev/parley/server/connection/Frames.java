package dev.parley.server.connection;

import dev.parley.protocol.v1.Error;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.GoingAway;
import dev.parley.protocol.v1.GoingAwayReason;
import dev.parley.protocol.v1.Identity;
import dev.parley.protocol.v1.Limits;
import dev.parley.protocol.v1.PrekeysLow;
import dev.parley.protocol.v1.SendAck;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.protocol.version.ProtocolVersion;
import dev.parley.server.account.AuthenticatedDevice;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.refusal.Refusal;
import dev.parley.storage.inbox.StoredMessage;

/** Builders for the server frames the connection writes. */
final class Frames {
  private Frames() {}

  static ServerFrame error(long requestId, ErrorCode code, String message) {
    return error(requestId, new Refusal(code, message, 0));
  }

  static ServerFrame error(long requestId, Refusal r) {
    Error.Builder e =
        Error.newBuilder()
            .setCode(r.code())
            .setMessage(r.message())
            .setRetryAfterMs(r.retryAfterMs())
            .addAllMissingDeviceIds(r.missingDevices())
            .addAllExtraDeviceIds(r.extraDevices());
    if (r.code() == ErrorCode.UNSUPPORTED_VERSION) {
      e.setMinProtocolVersion(ProtocolVersion.MIN).setMaxProtocolVersion(ProtocolVersion.MAX);
    }
    return ServerFrame.newBuilder().setRequestId(requestId).setError(e).build();
  }

  static ServerFrame sendAck(long requestId, StoredMessage stored) {
    return ServerFrame.newBuilder()
        .setRequestId(requestId)
        .setSendAck(
            SendAck.newBuilder()
                .setServerMsgId(stored.serverMsgId())
                .setServerTimeMs(stored.serverTimeMs())
                .setDuplicate(stored.duplicate()))
        .build();
  }

  static Identity identity(AuthenticatedDevice d) {
    return Identity.newBuilder()
        .setUserId(d.user().value())
        .setDeviceId(d.device().value())
        .setUsername(d.username().value())
        .setDeviceName(d.deviceName())
        .setRegisteredAtMs(d.createdAtMs())
        .build();
  }

  /** The limits a client should respect, as announced in Welcome. */
  static Limits limits(ServerConfig config) {
    return Limits.newBuilder()
        .setMaxFrameBytes(config.limits().maxFrameBytes())
        .setMaxBodyBytes(config.limits().maxBodyBytes())
        .setPingIntervalSeconds((int) config.timeouts().pingInterval().toSeconds())
        .setIdleTimeoutSeconds((int) config.timeouts().idle().toSeconds())
        .setMaxInFlightDeliveries(config.delivery().window())
        .setMaxTtlSeconds(config.limits().maxTtl().toSeconds())
        .setMaxGroupCatchUp(config.sync().maxGroupCatchUp())
        .setMaxReceiptGroupMembers(config.receipts().maxGroupMembers())
        .build();
  }

  static ServerFrame prekeysLow(int oneTimePrekeys, int kemPrekeys) {
    return ServerFrame.newBuilder()
        .setPrekeysLow(PrekeysLow.newBuilder().setOneTimePrekeys(oneTimePrekeys).setKemPrekeys(kemPrekeys))
        .build();
  }

  static ServerFrame goingAway(GoingAwayReason reason, long retryAfterMs) {
    return ServerFrame.newBuilder()
        .setGoingAway(GoingAway.newBuilder().setReason(reason).setRetryAfterMs(retryAfterMs))
        .build();
  }
}
